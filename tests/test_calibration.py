"""lossbook.calibration: brier_score, calibration_curve and
expected_calibration_error.

Hand-computed values, error messages, then scikit-learn
(calibration_curve, brier_score_loss): values, pos_label's default rules and
errors, scale_by_half, labels, label-indicator targets.
"""

import re
import warnings

import numpy as np
import pytest
import sklearn.calibration
import sklearn.metrics

import lossbook
from tests.helpers import raises

# --------------------------------------------------------------- values


def test_calibration_hand_values():
    y, p = [0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9]
    # (0.01 + 0.04 + 0.09 + 0.01) / 4
    assert lossbook.brier_score(y, p) == pytest.approx(0.0375, rel=1e-14)
    prob_true, prob_pred = lossbook.calibration_curve(y, p, n_bins=2)
    np.testing.assert_allclose(prob_true, [0.0, 1.0])
    np.testing.assert_allclose(prob_pred, [0.15, 0.8], rtol=1e-15)
    # each bin holds half the samples: 0.5 * 0.15 + 0.5 * 0.2
    assert lossbook.expected_calibration_error(
        y, p, n_bins=2
    ) == pytest.approx(0.175, rel=1e-14)
    assert lossbook.expected_calibration_error([0, 1], [0.0, 1.0]) == 0.0


def test_multiclass_ece_uses_confidence():
    # confidences 0.8 (right), 0.6 (right), 0.5 (wrong), each alone in its
    # right-closed bin (0.7, 0.8], (0.5, 0.6], (0.4, 0.5]: (0.2 + 0.4 + 0.5) / 3
    probs = [[0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.5, 0.4, 0.1]]
    assert lossbook.expected_calibration_error(
        [0, 1, 2], probs
    ) == pytest.approx(1.1 / 3, rel=1e-12)
    # two bins: all three in (0.5, 1] except 0.5 itself in [0, 0.5]:
    # |2 - 1.4| / 3 + |0 - 0.5| / 3
    assert lossbook.expected_calibration_error(
        [0, 1, 2], probs, n_bins=2
    ) == pytest.approx(1.1 / 3, rel=1e-12)
    # Brier 1950: (0.04 + 0.01 + 0.01 + 0.09 + 0.16 + 0.01 + 0.25 + 0.16 + 0.81) / 3
    assert lossbook.brier_score([0, 1, 2], probs) == pytest.approx(
        1.54 / 3, rel=1e-14
    )


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call",
    [
        lambda: lossbook.brier_score([0, 0.5], [0.1, 0.9]),
        lambda: lossbook.calibration_curve([0, 0.5], [0.1, 0.9]),
        lambda: lossbook.expected_calibration_error(
            [1.0, 0.5], [0.1, 0.9], pos_label=1
        ),
    ],
    ids=["brier", "calibration_curve", "ece"],
)
def test_fractional_labels_raise(call):
    # a soft target is not a label (scikit-learn's brier_score_loss: "continuous")
    with raises(r"^y_true must hold class labels, found 0.5"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: lossbook.brier_score(["a", "b"], [0.1, 0.9]),
        lambda: lossbook.calibration_curve(["a", "b"], [0.1, 0.9]),
        lambda: lossbook.calibration_curve([1, 2], [0.1, 0.9]),
        lambda: lossbook.calibration_curve([5, 5], [0.1, 0.9]),
        lambda: lossbook.expected_calibration_error([1, 2], [0.1, 0.9]),
        lambda: lossbook.brier_score(
            np.array([0, 1], dtype=object), [0.1, 0.9]
        ),
    ],
    ids=["brier str", "cc str", "cc 1/2", "cc 5", "ece 1/2", "brier object"],
)
def test_pos_label_needed(call):
    # scikit-learn: strings (and object arrays) always need pos_label;
    # calibration_curve needs it for any labels but {0, 1}, {-1, 1}
    with raises(r"^y_true takes values in \{.*\} and pos_label is not given"):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.brier_score(["a", "b"], [0.1, 0.9], pos_label=1),
            r"^pos_label 1 cannot be a label of y_true, whose labels are \['a', 'b'\]",
        ),
        (
            lambda: lossbook.calibration_curve(
                [0, 1], [0.1, 0.9], pos_label="1"
            ),
            r"^pos_label '1' cannot be a label of y_true",
        ),
        (
            lambda: lossbook.expected_calibration_error(
                [0, 1], [0.1, 0.9], pos_label=[1]
            ),
            r"^pos_label \[1\] cannot be a label of y_true",
        ),
        (
            lambda: lossbook.brier_score([0, 1, 2], [0.1, 0.9, 0.5]),
            r"^y_true holds 3 labels \[0, 1, 2\], but y_prob of shape \(n,\)",
        ),
        (
            lambda: lossbook.brier_score([0, 1], [0.1, 0.9], labels=[0, 1]),
            r"^labels applies to \(n, k\) y_prob",
        ),
        (
            lambda: lossbook.brier_score([0, 1], np.eye(2), pos_label=1),
            r"^pos_label applies to y_prob of shape \(n,\)",
        ),
        (
            lambda: lossbook.expected_calibration_error(
                [0, 1], np.eye(2), pos_label=1
            ),
            r"^pos_label applies to y_prob of shape \(n,\)",
        ),
        (
            lambda: lossbook.brier_score([0, 1], [0.1, 0.9], scale_by_half=2),
            r"^scale_by_half must be True, False or 'auto', got 2",
        ),
        (
            lambda: lossbook.brier_score(
                [0, 1], [0.1, 0.9], scale_by_half="half"
            ),
            r"^scale_by_half must be True, False or 'auto'",
        ),
        (
            lambda: lossbook.brier_score([[0, 1]], [0.1, 0.9]),
            r"^y_true must be a non-empty 1-D array of labels, got shape \(1, 2\)",
        ),
        (
            lambda: lossbook.brier_score([0, 1, 2], np.full((3, 2), 0.5)),
            re.escape(
                "y_prob has 2 columns but there are 3 classes [0, 1, 2]"
            ),
        ),
        (
            lambda: lossbook.brier_score([0, 1], [[0.5, 0.5], [0.5, 0.6]]),
            r"^y_prob must sum to 1 along axis 1",
        ),
        (
            lambda: lossbook.brier_score([[1, 0], [0, 2]], np.eye(2)),
            r"^y_true must contain only 0 and 1, found 2",
        ),
    ],
)
def test_label_errors(call, message):
    with raises(message):
        call()


def test_no_numpy_warning_for_mixed_label_kinds():
    # NumPy 1.26 warns (FutureWarning) when a string array meets an integer:
    # lossbook never compares them, it raises its own ValueError
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for call in (
            lambda: lossbook.brier_score(["a", "b"], [0.1, 0.9], pos_label=1),
            lambda: lossbook.calibration_curve(
                np.array(["0", "1"]), [0.1, 0.9], pos_label=1
            ),
            lambda: lossbook.brier_score(["a", "b"], np.eye(2), labels=[0, 1]),
        ):
            with pytest.raises(ValueError):
                call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.calibration_curve([0, 1], [0.5, 0.5], n_bins=0),
            r"^n_bins must lie in \[1, inf\]",
        ),
        (
            lambda: lossbook.calibration_curve([0, 1], [0.5, 0.5], n_bins=2.5),
            r"^n_bins must be an integer",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- peers


RNG = np.random.default_rng(12345)


@pytest.mark.parametrize("n_bins", [1, 5, 10, 17])
def test_calibration_curve_matches_sklearn(n_bins):
    p = RNG.uniform(0, 1, 400)
    p[:6] = [0.0, 1.0, 0.5, 0.1, 0.2, 0.7]  # bin edges
    y = (RNG.uniform(0, 1, 400) < p).astype(int)
    ours = lossbook.calibration_curve(y, p, n_bins=n_bins)
    theirs = sklearn.calibration.calibration_curve(
        y, p, n_bins=n_bins, strategy="uniform"
    )
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def test_brier_matches_sklearn():
    p = RNG.uniform(0, 1, 100)
    y = RNG.integers(0, 2, 100)
    w = RNG.uniform(0, 2, 100)
    assert lossbook.brier_score(y, p) == pytest.approx(
        sklearn.metrics.brier_score_loss(y, p), rel=1e-13
    )
    assert lossbook.brier_score(y, p, sample_weight=w) == pytest.approx(
        sklearn.metrics.brier_score_loss(y, p, sample_weight=w), rel=1e-13
    )


def test_two_column_brier_equals_binary_brier():
    # issue 11: brier_score(y, [1 - p, p]) used to be twice brier_score(y, p);
    # scale_by_half="auto" halves Brier's two-class sum, as scikit-learn
    p = RNG.uniform(0, 1, 50)
    y = RNG.integers(0, 2, 50)
    two_columns = np.stack([1 - p, p], axis=1)
    binary = np.mean((p - y) ** 2)  # the definition
    assert lossbook.brier_score(y, p) == pytest.approx(binary, rel=1e-13)
    assert lossbook.brier_score(y, two_columns) == pytest.approx(
        binary, rel=1e-13
    )
    assert lossbook.brier_score(y, p[:, None]) == pytest.approx(
        binary, rel=1e-13
    )
    # Brier (1950) sums over both classes: [0, 2]
    for prob in (p, two_columns):
        assert lossbook.brier_score(
            y, prob, scale_by_half=False
        ) == pytest.approx(2 * binary, rel=1e-13)


def _multiclass(k, n=120):
    y = RNG.integers(0, k, n)
    y[:k] = np.arange(k)
    return y, RNG.dirichlet(np.ones(k), n)


def _sklearn_brier(*args, **kwargs):
    return sklearn.metrics.brier_score_loss(*args, **kwargs)


@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("scale_by_half", ["auto", True, False])
def test_brier_matches_sklearn_columns(k, weighted, scale_by_half):
    y, prob = _multiclass(k)
    w = RNG.uniform(0, 2, y.size) if weighted else None
    expected = _sklearn_brier(
        y, prob, sample_weight=w, scale_by_half=scale_by_half
    )
    got = lossbook.brier_score(
        y, prob, sample_weight=w, scale_by_half=scale_by_half
    )
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize(
    "labels",
    [[0, 1], [-1, 1], [1, 2], [3, 7], [-1, 0], [False, True], [0.0, 1.0]],
)
@pytest.mark.parametrize("scale_by_half", ["auto", False])
def test_brier_matches_sklearn_binary_default_pos_label(labels, scale_by_half):
    # default: 1 for {0, 1} and {-1, 1}, otherwise the greater label
    p = RNG.uniform(0, 1, 80)
    y = np.array(labels)[RNG.integers(0, 2, 80)]
    w = RNG.uniform(0, 2, 80)
    for prob in (p, np.stack([1 - p, p], axis=1)):
        expected = _sklearn_brier(
            y, prob, sample_weight=w, scale_by_half=scale_by_half
        )
        assert lossbook.brier_score(
            y, prob, sample_weight=w, scale_by_half=scale_by_half
        ) == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("y", [[0, 0, 0], [1, 1, 1], [-1, -1, -1], [5, 5, 5]])
def test_brier_single_label_matches_sklearn(y):
    # one label: 0 and -1 are negatives, 1 and any other number positives
    p = [0.2, 0.6, 0.9]
    assert lossbook.brier_score(y, p) == pytest.approx(
        _sklearn_brier(y, p), rel=1e-13
    )


@pytest.mark.parametrize("pos_label", ["ham", "spam", "eggs"])
def test_brier_string_pos_label_matches_sklearn(pos_label):
    # a pos_label absent from y_true makes every sample negative, as in
    # scikit-learn
    y = np.array(["spam", "ham"])[RNG.integers(0, 2, 60)]
    p = RNG.uniform(0, 1, 60)
    w = RNG.uniform(0, 2, 60)
    expected = _sklearn_brier(y, p, pos_label=pos_label, sample_weight=w)
    assert lossbook.brier_score(
        y, p, pos_label=pos_label, sample_weight=w
    ) == pytest.approx(expected, rel=1e-13)
    # the columns of (n, 2) probabilities are the sorted labels: ham, spam
    two = np.stack([1 - p, p], axis=1)
    assert lossbook.brier_score(y, two, sample_weight=w) == pytest.approx(
        _sklearn_brier(y, two, sample_weight=w), rel=1e-13
    )


def test_brier_numeric_pos_label_matches_sklearn():
    y = RNG.integers(0, 2, 60)
    p = RNG.uniform(0, 1, 60)
    for pos_label in (0, 1, 1.0, True):
        assert lossbook.brier_score(
            y, p, pos_label=pos_label
        ) == pytest.approx(
            _sklearn_brier(y, p, pos_label=pos_label), rel=1e-13
        )
    # scikit-learn's docstring: pos_label=0 with 1 - p
    assert lossbook.brier_score(
        [0, 1, 1, 0], [0.9, 0.1, 0.2, 0.7], pos_label=0
    ) == pytest.approx(0.0375, rel=1e-13)


def test_brier_labels_and_strings_match_sklearn():
    # scikit-learn's docstring example (0.146..., (0.06 + 0.14 + 0.24) / 3)
    y = ["eggs", "ham", "spam"]
    prob = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.2, 0.2, 0.6]]
    assert lossbook.brier_score(y, prob, labels=y) == pytest.approx(
        0.44 / 3, rel=1e-13
    )
    # labels naming a class y_true does not show
    y, prob = _multiclass(4)
    y = np.where(y == 2, 1, y)
    letters = np.array(list("abcd"))
    for target, labels in ((y, [0, 1, 2, 3]), (letters[y], list("abcd"))):
        assert lossbook.brier_score(
            target, prob, labels=labels
        ) == pytest.approx(
            _sklearn_brier(target, prob, labels=labels), rel=1e-13
        )


def test_brier_unsorted_labels_warn_as_sklearn():
    y, prob = _multiclass(3)
    with pytest.warns(UserWarning, match="Labels passed were"):
        expected = _sklearn_brier(y, prob, labels=[2, 0, 1])
    with pytest.warns(
        UserWarning,
        match=re.escape(
            "labels [2, 0, 1] are not in sorted order; the columns of y_prob "
            "are taken to be the sorted labels [0, 1, 2]"
        ),
    ):
        got = lossbook.brier_score(y, prob, labels=[2, 0, 1])
    assert got == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_brier_label_indicator_matches_sklearn(k):
    # multi-label targets: several (or no) 1s per row
    _, prob = _multiclass(k, n=40)
    t = RNG.integers(0, 2, (40, k))
    t[0] = 1
    t[1] = 0
    w = RNG.uniform(0, 2, 40)
    expected = _sklearn_brier(t, prob, sample_weight=w)
    assert lossbook.brier_score(t, prob, sample_weight=w) == pytest.approx(
        expected, rel=1e-13
    )


@pytest.mark.parametrize(
    "labels, pos_label",
    [
        ([0, 1], None),
        ([-1, 1], None),
        ([False, True], None),
        ([1, 2], 2),
        ([1, 2], 1),
        (["no", "yes"], "yes"),
        (["no", "yes"], "maybe"),
    ],
)
@pytest.mark.parametrize("n_bins", [3, 10])
def test_calibration_curve_pos_label_matches_sklearn(
    labels, pos_label, n_bins
):
    p = RNG.uniform(0, 1, 300)
    y = np.array(labels)[(RNG.uniform(0, 1, 300) < p).astype(int)]
    ours = lossbook.calibration_curve(y, p, pos_label=pos_label, n_bins=n_bins)
    theirs = sklearn.calibration.calibration_curve(
        y, p, pos_label=pos_label, n_bins=n_bins, strategy="uniform"
    )
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def test_ece_pos_label():
    # ECE of labels {-1, 1} or strings = ECE of the 0/1 labels y == positive
    p = RNG.uniform(0, 1, 200)
    y01 = (RNG.uniform(0, 1, 200) < p).astype(int)
    expected = lossbook.expected_calibration_error(y01, p, n_bins=7)
    assert lossbook.expected_calibration_error(
        2 * y01 - 1, p, n_bins=7
    ) == pytest.approx(expected, rel=1e-14)
    strings = np.where(y01 == 1, "spam", "ham")
    assert lossbook.expected_calibration_error(
        strings, p, pos_label="spam", n_bins=7
    ) == pytest.approx(expected, rel=1e-14)
    # pos_label="ham" flips the labels: the gap of each bin becomes
    # (1 - ybar) - pbar; by hand with two bins
    y, q = np.array(["ham", "spam", "ham", "ham"]), [0.1, 0.3, 0.6, 0.8]
    # [0, 0.5]: 2 samples, 1 ham, mean 0.2; (0.5, 1]: 2 hams, mean 0.7
    assert lossbook.expected_calibration_error(
        y, q, pos_label="ham", n_bins=2
    ) == pytest.approx(0.5 * 0.3 + 0.5 * 0.3, rel=1e-14)
