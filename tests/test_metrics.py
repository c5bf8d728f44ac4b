"""lossbook.metrics: log_loss.

Error messages, a hypothesis property, then scikit-learn: cross-checks
against sklearn.metrics.log_loss (labels of every kind, unsorted labels,
label-indicator targets) and literal cases from its own test suite
(sklearn/metrics/tests/test_classification.py) and docstring.
"""

import re
import warnings

import numpy as np
import pytest
import sklearn.metrics
from hypothesis import given

import lossbook
from tests.helpers import EPS, NAN, PROPERTY, distributions, raises

# --------------------------------------------------------------- errors


def test_nan_labels_in_log_loss():
    with raises(r"^y_true contains NaN"):
        lossbook.log_loss([1.0, NAN], [0.5, 0.5])
    with raises(r"^y_true contains NaN or infinity"):
        lossbook.softmax_cross_entropy_with_logits(
            [0.0, NAN], [[0.0, 1.0], [1.0, 0.0]]
        )


def test_log_loss_label_errors():
    with raises(r"^y_true contains only one label \(1\)"):
        lossbook.log_loss([1, 1], [0.5, 0.5])
    with raises(r"^labels contains only one label \('a'\)"):
        lossbook.log_loss(["a", "a"], [0.5, 0.5], labels=["a"])
    with raises(re.escape("y_true contains labels not in labels: [7]")):
        lossbook.log_loss([0, 7], [[0.5, 0.5], [0.5, 0.5]], labels=[0, 1])
    with raises(re.escape("y_true contains labels not in labels: ['c']")):
        lossbook.log_loss(["a", "c"], [0.5, 0.5], labels=["a", "b"])
    with raises(r"^y_prob has 2 columns but there are 3 classes \[0, 1, 2\]"):
        lossbook.log_loss([0, 1, 2], [0.5, 0.5, 0.5])
    with raises(r"^labels repeats \[1\]: each label names one column"):
        lossbook.log_loss([0, 1], [0.2, 0.6], labels=[0, 1, 1])
    with raises(r"^labels must be a non-empty 1-D array, got shape \(0,\)"):
        lossbook.log_loss([0, 1], [0.2, 0.6], labels=[])
    with raises(r"^labels contains NaN"):
        lossbook.log_loss([0.0, 1.0], [0.2, 0.6], labels=[0.0, 1.0, np.nan])
    with raises(r"^y_true mixes labels that cannot be sorted together"):
        lossbook.log_loss(np.array([0, "a"], dtype=object), [0.2, 0.6])


@pytest.mark.parametrize(
    "y_true, labels",
    [
        (["a", "b"], [0, 1]),
        ([0, 1], ["a", "b"]),
        (np.array(["0", "1"]), [0, 1]),
        ([0.0, 1.0], ["0.0", "1.0"]),
        (np.array(["a", "b"], dtype=object), [0, 1]),
    ],
)
def test_string_and_number_labels_never_compared(y_true, labels):
    # NumPy 1.26 warns (FutureWarning) when it compares strings with numbers:
    # no NumPy warning may reach the caller, only lossbook's ValueError
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with raises(r"^y_true contains labels not in labels"):
            lossbook.log_loss(y_true, [0.2, 0.6], labels=labels)


def test_label_indicator_errors():
    t = np.array([[1, 0, 1], [0, 1, 0]])
    p = np.full((2, 3), 1 / 3)
    with raises(r"^labels applies to 1-D y_true"):
        lossbook.log_loss(t, p, labels=[0, 1, 2])
    with raises(r"^y_true must contain only 0 and 1, found 2"):
        lossbook.log_loss(2 * t, p)
    with raises(r"^y_true has 3 column\(s\) but y_prob has 2"):
        lossbook.log_loss(t, [0.2, 0.6])
    with raises(r"^y_true has 1 column\(s\) but y_prob has 2"):
        lossbook.log_loss([[0], [1]], [0.2, 0.6])  # scikit-learn flattens it
    with raises(r"^y_true and y_prob have inconsistent numbers of samples"):
        lossbook.log_loss(t, np.full((3, 3), 1 / 3))
    with raises(r"^y_true must be numeric"):
        lossbook.log_loss([["a", "b"], ["b", "a"]], np.eye(2))


# --------------------------------------------------------------- properties


@PROPERTY
@given(distributions(n_rows=1))
def test_log_loss_nonnegative(p):
    y = np.array(
        [int(p[0].argmax())] * 1 + [0, 1]
    )  # at least two classes present
    proba = np.vstack([p, np.eye(p.shape[1])[[0, 1]]])
    assert lossbook.log_loss(y, proba, labels=np.arange(p.shape[1])) >= 0


# --------------------------------------------------------------- peers


RNG = np.random.default_rng(12345)


def _random_proba(n, k):
    return RNG.dirichlet(np.ones(k), n)


@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("normalize", [True, False])
def test_log_loss_matches_sklearn_multiclass(k, weighted, normalize):
    y = RNG.integers(0, k, 200)
    y[:k] = np.arange(k)
    proba = _random_proba(200, k)
    proba[0] = 0.0
    proba[0, (y[0] + 1) % k] = (
        1.0  # zero probability for the true class: clipped
    )
    w = RNG.uniform(0, 3, 200) if weighted else None
    expected = sklearn.metrics.log_loss(
        y, proba, normalize=normalize, sample_weight=w
    )
    got = lossbook.log_loss(y, proba, normalize=normalize, sample_weight=w)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "labels_kind", ["int", "bool", "float", "string", "offset int"]
)
def test_log_loss_matches_sklearn_binary(labels_kind):
    y01 = RNG.integers(0, 2, 300)
    y = {
        "int": y01,
        "bool": y01.astype(bool),
        "float": y01.astype(float),
        "string": np.where(y01 == 1, "yes", "no"),
        "offset int": y01 * 5 + 3,
    }[labels_kind]
    p = RNG.uniform(0, 1, 300)
    p[:4] = [0.0, 1.0, 0.0, 1.0]
    expected = sklearn.metrics.log_loss(y, p)
    assert lossbook.log_loss(y, p) == pytest.approx(expected, rel=1e-12)
    assert lossbook.log_loss(y, p[:, None]) == pytest.approx(
        expected, rel=1e-12
    )


def test_log_loss_matches_sklearn_with_labels():
    y = RNG.integers(1, 4, 50)
    proba = _random_proba(50, 5)
    labels = [0, 1, 2, 3, 4]
    expected = sklearn.metrics.log_loss(y, proba, labels=labels)
    assert lossbook.log_loss(y, proba, labels=labels) == pytest.approx(
        expected, rel=1e-12
    )
    y_str = np.array(["b", "c", "c", "b"])
    proba = _random_proba(4, 3)
    expected = sklearn.metrics.log_loss(y_str, proba, labels=["a", "b", "c"])
    assert lossbook.log_loss(
        y_str, proba, labels=["a", "b", "c"]
    ) == pytest.approx(expected, rel=1e-12)


def test_log_loss_float32_matches_sklearn():
    y = RNG.integers(0, 3, 100)
    proba = _random_proba(100, 3).astype(np.float32)
    proba /= proba.sum(axis=1, keepdims=True)
    expected = sklearn.metrics.log_loss(y, proba)
    assert lossbook.log_loss(y, proba) == pytest.approx(expected, rel=1e-6)


def test_log_loss_large_integer_labels_fall_back_to_sorting():
    y = np.array([10**9, 7, 7, 10**9])
    p = np.array([0.8, 0.3, 0.1, 0.6])
    assert lossbook.log_loss(y, p) == pytest.approx(
        sklearn.metrics.log_loss(y, p), rel=1e-12
    )


def test_sklearn_docstring_spam_ham():
    # sklearn.metrics.log_loss docstring example: 0.21616
    loss = lossbook.log_loss(
        ["spam", "ham", "ham", "spam"],
        [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]],
    )
    assert round(loss, 5) == 0.21616


def test_sklearn_multiclass_case():
    # test_log_loss: multiclass case, 0.6904911, and doubled with normalize=False
    y_true = [1, 0, 2]
    y_prob = [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3]]
    assert lossbook.log_loss(y_true, y_prob) == pytest.approx(
        0.6904911, rel=1e-7
    )
    assert lossbook.log_loss(
        y_true * 2, y_prob * 2, normalize=False
    ) == pytest.approx(0.6904911 * 6, rel=1e-7)


def test_sklearn_string_labels_case():
    # test_log_loss: "y_true is a string array object", 0.7469410
    loss = lossbook.log_loss(
        ["ham", "spam", "spam", "ham"],
        [[0.3, 0.7], [0.6, 0.4], [0.4, 0.6], [0.7, 0.3]],
    )
    assert loss == pytest.approx(0.7469410, rel=1e-7)


def test_sklearn_symbolic_binary_case():
    # test_log_loss: binary case with symbolic labels ("no" < "yes"), checked
    # there against -mean(bernoulli.logpmf); here against the same formula by hand.
    y_true = ["no", "no", "no", "yes", "yes", "yes"]
    y_prob = np.array(
        [
            [0.5, 0.5],
            [0.1, 0.9],
            [0.01, 0.99],
            [0.9, 0.1],
            [0.75, 0.25],
            [0.001, 0.999],
        ]
    )
    p_yes = y_prob[:, 1]
    expected = -np.mean(
        np.log(
            [
                1 - p_yes[0],
                1 - p_yes[1],
                1 - p_yes[2],
                p_yes[3],
                p_yes[4],
                p_yes[5],
            ]
        )
    )
    assert lossbook.log_loss(y_true, y_prob) == pytest.approx(
        expected, rel=1e-14
    )


def test_sklearn_labels_option_cases():
    # test_log_loss: "works when the labels argument is used"
    y_score = np.array([[0.1, 0.9], [0.1, 0.9]])
    assert lossbook.log_loss([2, 2], y_score, labels=[1, 2]) == pytest.approx(
        -np.log(0.9), rel=1e-14
    )
    # "ensure labels work when len(np.unique(y_true)) != y_proba.shape[1]"
    y_score2 = [[0.7, 0.1, 0.2], [0.2, 0.7, 0.1], [0.1, 0.7, 0.2]]
    assert lossbook.log_loss(
        [1, 2, 2], y_score2, labels=[1, 2, 3]
    ) == pytest.approx(-np.log(0.7), rel=1e-14)


def test_sklearn_error_cases():
    # test_log_loss: classes differ from columns; labels missing a value of
    # y_true; a single class without labels; inconsistent lengths
    with pytest.raises(ValueError, match="y_prob"):
        lossbook.log_loss([1, 0, 2], [[0.3, 0.7], [0.6, 0.4], [0.4, 0.6]])
    with pytest.raises(ValueError, match="labels"):
        lossbook.log_loss(
            ["a", "b", "c"],
            [[0.9, 0.1, 0.0], [0.1, 0.9, 0.0], [0.1, 0.1, 0.8]],
            labels=["a", "c", "d"],
        )
    with pytest.raises(
        ValueError, match=r"y_true contains only one label \(2\)"
    ):
        lossbook.log_loss([2, 2], [[0.2, 0.8], [0.6, 0.4]])
    with pytest.raises(
        ValueError, match="inconsistent numbers of samples: 2 and 3"
    ):
        lossbook.log_loss([2, 2], [[0.2, 0.8], [0.6, 0.4], [0.7, 0.3]])


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_sklearn_eps_clipping_is_finite(dtype):
    # test_log_loss_eps: p = 0 for a true positive is clipped to finfo(dtype).eps
    loss = lossbook.log_loss(
        np.array([0, 1], dtype=dtype), np.array([1, 0], dtype=dtype)
    )
    assert np.isfinite(loss)
    assert loss == pytest.approx(-np.log(np.finfo(dtype).eps), rel=1e-3)


@pytest.mark.parametrize(
    "y_true, y_prob",
    [
        ([0, 1, 0], [0, 1, 0]),
        ([0, 1, 0], [[1, 0], [0, 1], [1, 0]]),
        ([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
    ],
)
def test_sklearn_perfect_predictions(y_true, y_prob):
    # test_log_loss_perfect_predictions: not exactly 0 because of the clipping
    assert lossbook.log_loss(y_true, y_prob) == pytest.approx(0)
    assert lossbook.log_loss(y_true, y_prob) == pytest.approx(
        -np.log1p(-EPS), rel=1e-12
    )


def test_probabilities_are_y_prob():
    # one vocabulary across lossbook (scikit-learn 1.9 calls it y_proba)
    assert lossbook.log_loss(
        y_true=[0, 1], y_prob=[0.2, 0.6]
    ) == pytest.approx(-np.mean(np.log([0.8, 0.6])), rel=1e-14)
    with pytest.raises(TypeError):
        lossbook.log_loss([0, 1], y_proba=[0.2, 0.6])


# ------------------------------------------------ unsorted labels


def test_unsorted_labels_warn_as_sklearn():
    # scikit-learn warns (UserWarning) whenever labels differ from their
    # sorted order, and takes the columns to be the sorted labels
    y = RNG.integers(0, 3, 40)
    proba = _random_proba(40, 3)
    with pytest.warns(UserWarning, match="Labels passed were"):
        expected = sklearn.metrics.log_loss(y, proba, labels=[2, 0, 1])
    with pytest.warns(
        UserWarning,
        match=re.escape(
            "labels [2, 0, 1] are not in sorted order; the columns of y_prob "
            "are taken to be the sorted labels [0, 1, 2], as scikit-learn "
            "does: pass labels=[0, 1, 2] with the columns in that order"
        ),
    ) as record:
        got = lossbook.log_loss(y, proba, labels=[2, 0, 1])
    assert got == pytest.approx(expected, rel=1e-12)
    # the warning points at the caller's line, not into lossbook
    assert record[0].filename == __file__
    # ... and the columns were not reordered: same as the sorted labels
    assert got == pytest.approx(
        lossbook.log_loss(y, proba, labels=[0, 1, 2]), rel=1e-15
    )
    with pytest.warns(UserWarning, match=r"sorted labels \['no', 'yes'\]"):
        lossbook.log_loss(["yes", "no"], [0.7, 0.4], labels=["yes", "no"])


def test_sorted_labels_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lossbook.log_loss([2, 0], [0.7, 0.4], labels=[0, 2])
        lossbook.log_loss(["b", "a"], np.eye(3)[[1, 0]], labels=list("abc"))


# ------------------------------------------------ label-indicator targets


@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("normalize", [True, False])
def test_label_indicator_matches_sklearn(k, weighted, normalize):
    # multi-label targets: several 1s per row, or none
    t = RNG.integers(0, 2, (60, k))
    t[0], t[1] = 1, 0
    proba = _random_proba(60, k)
    w = RNG.uniform(0, 3, 60) if weighted else None
    expected = sklearn.metrics.log_loss(
        t, proba, normalize=normalize, sample_weight=w
    )
    for target in (t, t.astype(bool), t.astype(float)):
        got = lossbook.log_loss(
            target, proba, normalize=normalize, sample_weight=w
        )
        assert got == pytest.approx(expected, rel=1e-12)


def test_label_indicator_by_hand():
    # -sum of the log probabilities of each row's labels, averaged
    t = [[1, 1, 0], [0, 1, 1], [1, 0, 0], [0, 0, 0]]
    p = [[0.5, 0.3, 0.2], [0.1, 0.4, 0.5], [0.6, 0.2, 0.2], [0.2, 0.3, 0.5]]
    expected = -np.log(0.5 * 0.3 * 0.4 * 0.5 * 0.6) / 4
    assert lossbook.log_loss(t, p) == pytest.approx(expected, rel=1e-14)
    # one 1 per row: the same as the labels themselves
    assert lossbook.log_loss(np.eye(3)[[2, 0, 1]], p[:3]) == pytest.approx(
        lossbook.log_loss([2, 0, 1], p[:3]), rel=1e-15
    )
    # two columns with the probability of the second
    t2 = np.array([[1, 0], [0, 1], [1, 1]])
    q = np.array([0.2, 0.7, 0.5])
    assert lossbook.log_loss(t2, q) == pytest.approx(
        sklearn.metrics.log_loss(t2, q), rel=1e-14
    )
