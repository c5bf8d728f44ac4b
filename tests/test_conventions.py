"""The conventions every lossbook loss follows, checked over all of them.

Reductions and sample weights (hand-computed), keyword-only options, dtype
preservation, +0.0 for a perfect prediction, the error messages shared by
all functions (empty input, NaN, shape mismatch, bad reduction,
probabilities, class labels), hypothesis properties of the weighted mean,
and the provenance of the PyTorch reference data the subject modules share.
"""

import inspect
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lossbook
from lossbook import gradients
from tests.helpers import (
    CASES,
    INF,
    NAN,
    PROPERTY,
    REFERENCE,
    logit,
    paired,
    probability,
    raises,
)

# --------------------------------------------------------------- values


def test_reductions_and_sample_weight():
    y, p = [1, 0], [0.9, 0.2]
    l1, l2 = -math.log(0.9), -math.log(0.8)
    bce = lossbook.binary_cross_entropy
    assert bce(y, p, reduction="sum") == pytest.approx(l1 + l2, rel=1e-15)
    assert bce(y, p) == pytest.approx((l1 + l2) / 2, rel=1e-15)
    assert bce(y, p, sample_weight=[1, 3]) == pytest.approx(
        (l1 + 3 * l2) / 4, rel=1e-15
    )
    assert bce(y, p, sample_weight=[1, 3], reduction="sum") == pytest.approx(
        l1 + 3 * l2, rel=1e-15
    )
    np.testing.assert_allclose(
        bce(y, p, sample_weight=[1, 3], reduction="none"),
        [l1, 3 * l2],
        rtol=1e-15,
    )


def test_two_dimensional_weighted_mean():
    # one weight per row, mean over all elements: (1*(a+b) + 3*(c+d)) / (4 * 2)
    losses = lossbook.mse(
        np.zeros((2, 2)), [[1.0, 2.0], [3.0, 4.0]], reduction="none"
    )
    got = lossbook.mse(
        np.zeros((2, 2)), [[1.0, 2.0], [3.0, 4.0]], sample_weight=[1, 3]
    )
    assert got == pytest.approx(
        (losses[0].sum() + 3 * losses[1].sum()) / 8, rel=1e-15
    )


FUNCTIONS_WITH_REDUCTION = [
    (lossbook.binary_cross_entropy, [1.0, 0.0], [0.9, 0.2]),
    (lossbook.binary_cross_entropy_with_logits, [1.0, 0.0], [2.0, -1.0]),
    (lossbook.sigmoid_focal_loss, [1.0, 0.0], [2.0, -1.0]),
    (lossbook.categorical_cross_entropy, [0, 1], [[0.7, 0.3], [0.4, 0.6]]),
    (
        lossbook.softmax_cross_entropy_with_logits,
        [0, 1],
        [[0.7, 0.3], [0.4, 0.6]],
    ),
    (lossbook.mse, [1.0, 2.0], [1.5, 0.0]),
    (lossbook.mae, [1.0, 2.0], [1.5, 0.0]),
    (lossbook.huber, [1.0, 2.0], [1.5, 0.0]),
]


@pytest.mark.parametrize(
    "f, y, pred",
    FUNCTIONS_WITH_REDUCTION,
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_conventions(f, y, pred):
    y_arr, pred_arr = np.array(y), np.array(pred)
    y_copy, pred_copy = y_arr.copy(), pred_arr.copy()
    for reduction in ("mean", "sum"):
        assert type(f(y_arr, pred_arr, reduction=reduction)) is float
    none = f(y_arr, pred_arr, reduction="none")
    assert none.shape == (2,)
    assert f(y_arr, pred_arr) == pytest.approx(none.mean(), rel=1e-15)
    assert f(y_arr, pred_arr, sample_weight=[2.0, 2.0]) == pytest.approx(
        none.mean(), rel=1e-15
    )
    np.testing.assert_array_equal(y_arr, y_copy)  # inputs are never modified
    np.testing.assert_array_equal(pred_arr, pred_copy)
    # everything after the second argument is keyword-only
    params = list(inspect.signature(f).parameters.values())
    assert [p.kind for p in params[:2]] == [
        inspect.Parameter.POSITIONAL_OR_KEYWORD
    ] * 2
    assert all(p.kind == inspect.Parameter.KEYWORD_ONLY for p in params[2:])


def test_keyword_only_everywhere():
    for name in lossbook.__all__:
        obj = getattr(lossbook, name)
        if not inspect.isfunction(obj):
            continue
        params = list(inspect.signature(obj).parameters.values())
        positional = [
            p
            for p in params
            if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD
        ]
        assert len(positional) <= 2, name


def test_float32_stays_float32():
    got = lossbook.binary_cross_entropy_with_logits(
        np.float32([1, 0]), np.float32([0.5, -0.5]), reduction="none"
    )
    assert got.dtype == np.float32


def test_perfect_predictions_give_positive_zero():
    # -0.0 would print as "-0." in the book
    assert not np.any(
        np.signbit(
            lossbook.binary_cross_entropy([1, 0], [1.0, 0.0], reduction="none")
        )
    )
    assert not np.any(
        np.signbit(
            lossbook.categorical_cross_entropy(
                [0, 1], np.eye(2), reduction="none"
            )
        )
    )
    assert not np.signbit(lossbook.entropy([1.0, 0.0]))
    assert not np.signbit(lossbook.cross_entropy([1.0, 0.0], [1.0, 0.0]))


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: lossbook.sigmoid([]), "z"),
        (lambda: lossbook.binary_cross_entropy([], []), "y_true"),
        (lambda: lossbook.binary_cross_entropy_with_logits([], []), "y_true"),
        (lambda: lossbook.sigmoid_focal_loss([], []), "y_true"),
        (
            lambda: lossbook.categorical_cross_entropy([], np.zeros((0, 2))),
            "y_prob",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [], np.zeros((0, 2))
            ),
            "logits",
        ),
        (lambda: lossbook.log_loss([], []), "y_proba"),
        (lambda: lossbook.log_loss([], [0.5]), "y_true"),
        (lambda: lossbook.mse([], []), "y_true"),
        (lambda: lossbook.entropy([]), "p"),
        (lambda: lossbook.brier_score([], []), "y_true"),
        (lambda: lossbook.smooth_labels([], 0.1), "y"),
        (lambda: lossbook.LogisticRegression().fit(np.zeros((0, 2)), []), "X"),
    ],
)
def test_empty_input(call, name):
    with raises(rf"^{name} (is empty|must be a non-empty)"):
        call()


@pytest.mark.parametrize("bad", [NAN, INF, -INF])
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda b: lossbook.sigmoid([0.0, b]), "z"),
        (lambda b: lossbook.softmax([0.0, b]), "a"),
        (lambda b: lossbook.logsumexp([0.0, b]), "a"),
        (
            lambda b: lossbook.binary_cross_entropy([1.0, b], [0.5, 0.5]),
            "y_true",
        ),
        (
            lambda b: lossbook.binary_cross_entropy([1.0, 0.0], [0.5, b]),
            "y_prob",
        ),
        (
            lambda b: lossbook.binary_cross_entropy_with_logits(
                [1.0, 0.0], [0.5, b]
            ),
            "logits",
        ),
        (
            lambda b: lossbook.binary_cross_entropy_with_logits(
                [1.0, 0.0], [0.5, 0.5], sample_weight=[1, b]
            ),
            "sample_weight",
        ),
        (
            lambda b: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, b]]
            ),
            "logits",
        ),
        (lambda b: lossbook.sigmoid_focal_loss([1.0], [b]), "logits"),
        (lambda b: lossbook.log_loss([1, 0], [0.5, b]), "y_proba"),
        (lambda b: lossbook.mse([1.0], [b]), "y_pred"),
        (lambda b: lossbook.huber([b], [1.0]), "y_true"),
        (lambda b: lossbook.entropy([b, 0.5]), "p"),
        (
            lambda b: lossbook.LogisticRegression().fit([[0.0], [b]], [0, 1]),
            "X",
        ),
        (lambda b: gradients.mse([1.0], [b]), "y_pred"),
        (lambda b: lossbook.numerical_gradient(np.sum, [b]), "x"),
    ],
)
def test_nan_and_infinity(call, name, bad):
    with raises(rf"^{name} contains NaN or infinity"):
        call(bad)


@pytest.mark.parametrize(
    "call, names, shapes",
    [
        (
            lambda: lossbook.binary_cross_entropy([1, 0], [0.5, 0.5, 0.5]),
            ("y_true", "y_prob"),
            ("(2,)", "(3,)"),
        ),
        (
            lambda: lossbook.binary_cross_entropy_with_logits(
                [[1, 0]], [0.5, 0.5]
            ),
            ("y_true", "logits"),
            ("(1, 2)", "(2,)"),
        ),
        (
            lambda: lossbook.sigmoid_focal_loss([1, 0], [0.5]),
            ("y_true", "logits"),
            ("(2,)", "(1,)"),
        ),
        (
            lambda: lossbook.mse([1.0, 2.0], [1.0]),
            ("y_true", "y_pred"),
            ("(2,)", "(1,)"),
        ),
        (
            lambda: gradients.huber([1.0, 2.0], [1.0]),
            ("y_true", "y_pred"),
            ("(2,)", "(1,)"),
        ),
        (
            lambda: lossbook.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]),
            ("p", "q"),
            ("(2,)", "(3,)"),
        ),
        (
            lambda: lossbook.categorical_cross_entropy(np.eye(3), np.eye(2)),
            ("y_true",),
            ("(3, 3)", "(2, 2)"),
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0, 1, 1], np.zeros((2, 2))
            ),
            ("y_true",),
            ("(3,)", "(2, 2)"),
        ),
        (
            lambda: lossbook.brier_score([1, 0], [0.5]),
            ("y_true", "y_prob"),
            ("(2,)", "(1,)"),
        ),
    ],
)
def test_shape_mismatch_names_both_shapes(call, names, shapes):
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    for text in names + shapes:
        assert text in message, message


def test_inconsistent_lengths_elsewhere():
    with raises(
        r"^y_true and y_proba have inconsistent numbers of samples: 2 and 3"
    ):
        lossbook.log_loss([0, 1], [0.1, 0.2, 0.3])
    with raises(r"^sample_weight has 3 entries but there are 2 samples"):
        lossbook.mse([1.0, 2.0], [1.0, 2.0], sample_weight=[1, 1, 1])
    with raises(
        r"^X and y have inconsistent numbers of samples: shapes \(3, 1\) and \(2,\)"
    ):
        lossbook.LogisticRegression().fit(np.zeros((3, 1)), [0, 1])
    model = lossbook.LogisticRegression(epochs=1).fit(np.zeros((2, 2)), [0, 1])
    with raises(r"^X has 3 features but the model was fitted with 2"):
        model.predict(np.zeros((1, 3)))


def test_wrong_number_of_dimensions():
    with raises(r"^logits must have 2 dimension\(s\), got shape \(3,\)"):
        lossbook.softmax_cross_entropy_with_logits([0], [0.0, 1.0, 2.0])
    with raises(
        r"^y_proba must have \(1, 2\) dimension\(s\), got shape \(1, 1, 2\)"
    ):
        lossbook.log_loss([0], [[[0.5, 0.5]]])
    with raises(r"^X must have 2 dimension\(s\)"):
        lossbook.LogisticRegression().fit([0.0, 1.0], [0, 1])


@pytest.mark.parametrize(
    "call",
    [
        lambda: lossbook.binary_cross_entropy([1], [0.5], reduction="average"),
        lambda: lossbook.binary_cross_entropy_with_logits(
            [1], [0.5], reduction="avg"
        ),
        lambda: lossbook.softmax_cross_entropy_with_logits(
            [0], [[0.5, 0.1]], reduction=None
        ),
        lambda: lossbook.sigmoid_focal_loss([1], [0.5], reduction="Mean"),
        lambda: lossbook.mse([1.0], [0.5], reduction="max"),
    ],
)
def test_unknown_reduction(call):
    with raises(r"^reduction must be one of \('mean', 'sum', 'none'\)"):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.mse(
                [1.0, 2.0], [1.0, 2.0], sample_weight=[1, -1]
            ),
            r"^sample_weight must be non-negative",
        ),
        (
            lambda: lossbook.mse([1.0, 2.0], [1.0, 2.0], sample_weight=[0, 0]),
            r"^sample_weight sums to zero",
        ),
    ],
)
def test_weights(call, message):
    with raises(message):
        call()


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: lossbook.binary_cross_entropy([1, 0], [1.2, 0.5]), "y_prob"),
        (lambda: lossbook.binary_cross_entropy([1, 2], [0.2, 0.5]), "y_true"),
        (
            lambda: lossbook.binary_cross_entropy_with_logits(
                [1, -0.1], [0.2, 0.5]
            ),
            "y_true",
        ),
        (lambda: lossbook.sigmoid_focal_loss([1.5], [0.2]), "y_true"),
        (lambda: lossbook.log_loss([1, 0], [-0.1, 0.5]), "y_proba"),
        (
            lambda: lossbook.log_loss([1, 0], [[1.1, -0.1], [0.5, 0.5]]),
            "y_proba",
        ),
        (
            lambda: lossbook.categorical_cross_entropy([0], [[1.1, -0.1]]),
            "y_prob",
        ),
        (lambda: lossbook.entropy([1.5, -0.5]), "p"),
        (lambda: lossbook.kl_divergence([0.5, 0.5], [1.5, -0.5]), "q"),
        (lambda: lossbook.brier_score([1, 0], [0.5, 2.0]), "y_prob"),
        (lambda: lossbook.calibration_curve([1, 0], [0.5, -2.0]), "y_prob"),
        (lambda: lossbook.logit([0.5, 1.5]), "p"),
        (lambda: lossbook.smooth_labels([2.0, 0.0], 0.1), "y"),
    ],
)
def test_probabilities_outside_unit_interval(call, name):
    with raises(rf"^{name} must lie in \[0, 1\]"):
        call()


@pytest.mark.parametrize(
    "call, name",
    [
        (
            lambda: lossbook.log_loss([0, 1], [[0.5, 0.6], [0.5, 0.5]]),
            "y_proba",
        ),
        (
            lambda: lossbook.categorical_cross_entropy([0], [[0.5, 0.6]]),
            "y_prob",
        ),
        (
            lambda: lossbook.categorical_cross_entropy(
                [[0.5, 0.6]], [[0.5, 0.5]]
            ),
            "y_true",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [[0.5, 0.4]], [[0.5, 0.5]]
            ),
            "y_true",
        ),
        (lambda: lossbook.entropy([0.5, 0.4]), "p"),
        (lambda: lossbook.cross_entropy([0.5, 0.5], [0.5, 0.4]), "q"),
        (
            lambda: lossbook.kl_divergence(
                [[0.5, 0.5], [0.2, 0.2]], [[0.5, 0.5], [0.5, 0.5]]
            ),
            "p",
        ),
    ],
)
def test_not_a_distribution(call, name):
    with raises(rf"^{name} must sum to 1"):
        call()


@pytest.mark.parametrize(
    "call, name",
    [
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0, 3], np.zeros((2, 3))
            ),
            "y_true",
        ),
        (
            lambda: gradients.softmax_cross_entropy_with_logits(
                [0, 3], np.zeros((2, 3))
            ),
            "y_true",
        ),
        (
            lambda: lossbook.categorical_cross_entropy([2], [[0.5, 0.5]]),
            "y_true",
        ),
        (lambda: lossbook.smooth_labels([0, 4], 0.1, num_classes=4), "y"),
        (
            lambda: lossbook.brier_score([0, 2], [[0.5, 0.5], [0.5, 0.5]]),
            "y_true",
        ),
    ],
)
def test_class_label_too_large(call, name):
    with raises(
        rf"^{name} holds class label \d+ but there are only \d+ classes"
    ):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0, -1], np.zeros((2, 3))
            ),
            r"^y_true must hold class labels >= 0, found -1",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0, 1.5], np.zeros((2, 3))
            ),
            r"^y_true must hold integer class labels, found 1.5",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                ["a"], np.zeros((1, 3))
            ),
            r"^y_true must hold integer class labels, got dtype",
        ),
        (
            lambda: lossbook.SoftmaxRegression().fit(
                np.zeros((2, 1)), [0, -2]
            ),
            r"^y must hold class labels >= 0",
        ),
        (
            lambda: lossbook.expected_calibration_error(np.eye(2), np.eye(2)),
            r"^y_true must hold integer class labels for \(n, k\) probabilities",
        ),
    ],
)
def test_bad_class_labels(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- properties


@PROPERTY
@given(paired(probability, logit), st.floats(1e-3, 1e3))
def test_equal_weights_give_the_plain_mean(data, c):
    y, z = data
    w = np.full(len(y), c)
    for f in (
        lossbook.binary_cross_entropy_with_logits,
        lossbook.sigmoid_focal_loss,
    ):
        assert f(y, z, sample_weight=w) == pytest.approx(f(y, z), rel=1e-13)
    p = lossbook.sigmoid(z)
    assert lossbook.binary_cross_entropy(
        y, p, sample_weight=w
    ) == pytest.approx(lossbook.binary_cross_entropy(y, p), rel=1e-13)
    assert lossbook.mse(y, z, sample_weight=w) == pytest.approx(
        lossbook.mse(y, z), rel=1e-13
    )


@PROPERTY
@given(paired(probability, logit), st.integers(0, 2**32 - 1))
def test_weighted_mean_is_sum_wl_over_sum_w(data, seed):
    y, z = data
    w = np.random.default_rng(seed).uniform(0.01, 3, len(y))
    losses = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    expected = np.sum(w * losses) / np.sum(w)
    assert lossbook.binary_cross_entropy_with_logits(
        y, z, sample_weight=w
    ) == pytest.approx(expected, rel=1e-12)


# --------------------------------------------------------------- peers


def test_reference_file_records_its_origin():
    assert REFERENCE["header"]["torch_version"].startswith("2.")
    assert REFERENCE["header"]["dtype"] == "float64"
    assert len(CASES) > 50
