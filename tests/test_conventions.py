"""The conventions every lossbook loss follows, checked over all of them.

Every public loss, metric and gradient is listed once below (``LOSSES``,
``METRICS``, ``GRADIENTS``) with a small valid input, and each convention is
checked over the whole list: reductions, sample weights (integer weights
repeat samples; a gradient's weights scale its rows), the errors they share
(empty input, NaN and infinities, shape mismatch, bad reduction, bad
weights), float32 preserved, keyword-only options, and +0.0 for a perfect
prediction.  Then the error messages of particular inputs (probabilities,
distributions, class labels), hypothesis properties of the weighted mean,
and the provenance of the PyTorch reference data the subject modules share.

A convention that a module does not follow yet is marked
``xfail(strict=True)`` with the module and what is missing, so the list
shows what remains and the mark fails once it is fixed.
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

# --------------------------------------------------------------- the list
#
# name: (function, y_true, prediction); three samples, so that the weights
# (1, 0, 3) keep one, drop one and triple one.

PROBS = [[0.7, 0.3], [0.4, 0.6], [0.2, 0.8]]
LOGITS = [[0.7, 0.3], [0.4, 0.6], [-1.0, 2.0]]
BINARY = ([1.0, 0.0, 1.0], [0.9, 0.2, 0.4])
BINARY_LOGITS = ([1.0, 0.0, 1.0], [2.0, -1.0, 0.5])
REGRESSION = ([1.0, 2.0, -0.5], [1.5, 0.0, 0.5])

LOSSES = {  # with reduction= and sample_weight=
    "binary_cross_entropy": (lossbook.binary_cross_entropy, *BINARY),
    "binary_cross_entropy_with_logits": (
        lossbook.binary_cross_entropy_with_logits,
        *BINARY_LOGITS,
    ),
    "sigmoid_focal_loss": (lossbook.sigmoid_focal_loss, *BINARY_LOGITS),
    "categorical_cross_entropy": (
        lossbook.categorical_cross_entropy,
        [0, 1, 1],
        PROBS,
    ),
    "softmax_cross_entropy_with_logits": (
        lossbook.softmax_cross_entropy_with_logits,
        [0, 1, 1],
        LOGITS,
    ),
    "mse": (lossbook.mse, *REGRESSION),
    "mae": (lossbook.mae, *REGRESSION),
    "huber": (lossbook.huber, *REGRESSION),
}
METRICS = {  # a weighted mean with sample_weight=, no reduction
    # (the sample that the weights drop is never the only one of its class)
    "log_loss": (lossbook.log_loss, [0, 0, 1], [0.2, 0.3, 0.8]),
    "brier_score": (lossbook.brier_score, [1, 0, 1], [0.9, 0.2, 0.4]),
    "rmse": (lossbook.rmse, *REGRESSION),
}
GRADIENTS = {  # the gradient of the summed loss, with sample_weight=
    f"gradients.{name}": (getattr(gradients, name), y, pred)
    for name, (_, y, pred) in LOSSES.items()
    if hasattr(gradients, name)
}
UNWEIGHTED = {  # two arguments, no sample weights
    "expected_calibration_error": (
        lossbook.expected_calibration_error,
        [1, 0, 1],
        [0.9, 0.2, 0.4],
    ),
    "cross_entropy": (lossbook.cross_entropy, PROBS, PROBS[::-1]),
    "kl_divergence": (lossbook.kl_divergence, PROBS, PROBS[::-1]),
}
WEIGHTED = {**LOSSES, **METRICS, **GRADIENTS}
EVERY = {**WEIGHTED, **UNWEIGHTED}
# functions of logits, where -inf (a class ruled out) is a valid prediction
MINUS_INF_ALLOWED = {
    "binary_cross_entropy_with_logits",
    "sigmoid_focal_loss",
    "softmax_cross_entropy_with_logits",
    "gradients.binary_cross_entropy_with_logits",
    "gradients.sigmoid_focal_loss",
    "gradients.softmax_cross_entropy_with_logits",
}


def cases(table):
    """pytest parameters for a table, each with the function's name as id."""
    return [pytest.param(*entry, id=name) for name, entry in table.items()]


def names(f):
    """The names of a function's first two parameters."""
    return list(inspect.signature(f).parameters)[:2]


def arrays(y, pred, dtype=np.float64):
    """The inputs as arrays; class labels stay integers."""
    y = np.asarray(y)
    y = y.astype(dtype) if y.dtype.kind == "f" else y
    return y, np.asarray(pred, dtype=dtype)


def first_rows(x, n):
    return np.asarray(x)[:n]


# --------------------------------------------------------------- reductions


def test_every_loss_and_gradient_is_listed():
    public = {
        name
        for name in lossbook.__all__
        if inspect.isfunction(getattr(lossbook, name))
    }
    not_losses = {  # maps, tools and plots, not losses
        "sigmoid",
        "softplus",
        "log_sigmoid",
        "logit",
        "logsumexp",
        "softmax",
        "log_softmax",
        "numerical_gradient",
        "smooth_labels",
        "calibration_curve",
        "entropy",  # one argument: see the tests of errors "elsewhere"
    }
    assert public - not_losses == set(LOSSES) | set(METRICS) | set(UNWEIGHTED)
    assert {
        f"gradients.{name}"
        for name in gradients.__all__
        if name != "numerical_gradient"
    } == set(GRADIENTS)


def test_reductions_by_hand():
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


@pytest.mark.parametrize("f, y, pred", cases(LOSSES))
def test_reductions(f, y, pred):
    y_arr, pred_arr = arrays(y, pred)
    y_copy, pred_copy = y_arr.copy(), pred_arr.copy()
    none = f(y_arr, pred_arr, reduction="none")
    assert isinstance(none, np.ndarray) and none.shape == (3,)
    for reduction, expected in (("mean", none.mean()), ("sum", none.sum())):
        got = f(y_arr, pred_arr, reduction=reduction)
        assert type(got) is float
        assert got == pytest.approx(expected, rel=1e-15)
    assert f(y_arr, pred_arr) == f(y_arr, pred_arr, reduction="mean")
    np.testing.assert_array_equal(y_arr, y_copy)  # inputs are never modified
    np.testing.assert_array_equal(pred_arr, pred_copy)


@pytest.mark.parametrize("f, y, pred", cases(LOSSES))
def test_unknown_reduction(f, y, pred):
    for bad in ("average", "Mean", None):
        with raises(r"^reduction must be one of \('mean', 'sum', 'none'\)"):
            f(y, pred, reduction=bad)


# --------------------------------------------------------------- weights

REPEAT = [1, 0, 3]  # keep the first sample, drop the second, triple the third


def repeated(x):
    return np.repeat(np.asarray(x), REPEAT, axis=0)


@pytest.mark.parametrize("f, y, pred", cases(LOSSES))
def test_integer_weights_repeat_samples_in_a_loss(f, y, pred):
    for reduction in ("mean", "sum"):
        assert f(
            y, pred, sample_weight=REPEAT, reduction=reduction
        ) == pytest.approx(
            f(repeated(y), repeated(pred), reduction=reduction), rel=1e-14
        )
    np.testing.assert_allclose(
        f(y, pred, sample_weight=REPEAT, reduction="none"),
        np.multiply(REPEAT, f(y, pred, reduction="none")),
        rtol=1e-15,
    )


@pytest.mark.parametrize("f, y, pred", cases(METRICS))
def test_integer_weights_repeat_samples_in_a_metric(f, y, pred):
    got = f(y, pred, sample_weight=REPEAT)
    assert type(got) is float
    assert got == pytest.approx(f(repeated(y), repeated(pred)), rel=1e-14)


@pytest.mark.parametrize("f, y, pred", cases(GRADIENTS))
def test_weights_scale_the_rows_of_a_gradient(f, y, pred):
    plain = f(y, pred)
    assert plain.shape == np.shape(pred)
    weights = np.reshape(REPEAT, (3,) + (1,) * (plain.ndim - 1))
    np.testing.assert_allclose(
        f(y, pred, sample_weight=REPEAT), weights * plain, rtol=1e-15
    )


@pytest.mark.parametrize(
    "f, y, logits",
    [
        pytest.param(
            lossbook.binary_cross_entropy_with_logits,
            [1.0, 0.0],
            [-INF, 0.0],
            id="binary_cross_entropy_with_logits",
        ),
        pytest.param(
            lossbook.sigmoid_focal_loss,
            [1.0, 0.0],
            [-INF, 0.0],
            id="sigmoid_focal_loss",
        ),
        pytest.param(
            lossbook.softmax_cross_entropy_with_logits,
            [1, 0],
            [[0.0, -INF], [0.0, 0.0]],
            id="softmax_cross_entropy_with_logits",
        ),
    ],
)
def test_zero_weight_drops_an_infinite_loss(f, y, logits):
    # the first sample's loss is +inf; with weight 0 it does not count
    with np.errstate(all="raise"):
        got = f(y, logits, sample_weight=[0.0, 1.0])
    assert got == f(y[1:], logits[1:])


@pytest.mark.parametrize(
    "weights, message",
    [
        ([1, -1, 1], r"^sample_weight must be non-negative"),
        ([0, 0, 0], r"^sample_weight sums to zero"),
        ([1, 1], r"^sample_weight has 2 entries but there are 3 samples"),
        ([1, NAN, 1], r"^sample_weight contains NaN or infinity"),
        ([1, INF, 1], r"^sample_weight contains NaN or infinity"),
    ],
    ids=["negative", "zero sum", "wrong length", "nan", "inf"],
)
@pytest.mark.parametrize("f, y, pred", cases(WEIGHTED))
def test_bad_sample_weight(f, y, pred, weights, message):
    with raises(message):
        f(y, pred, sample_weight=weights)


# --------------------------------------------------------------- signatures


def public_callables():
    """Every public function of lossbook and lossbook.gradients, and the
    public methods (and constructors) of its models."""
    for module in (lossbook, gradients):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield f"{module.__name__}.{name}", obj
            elif inspect.isclass(obj):
                yield name, obj
                for method, member in vars(obj).items():
                    if inspect.isfunction(member) and not method.startswith(
                        "_"
                    ):
                        yield f"{name}.{method}", member


@pytest.mark.parametrize(
    "f", [pytest.param(f, id=name) for name, f in public_callables()]
)
def test_options_are_keyword_only(f):
    # at most two positional (data) arguments; every option, a parameter
    # with a default, is keyword-only
    params = [
        p for p in inspect.signature(f).parameters.values() if p.name != "self"
    ]
    positional = [
        p for p in params if p.kind != inspect.Parameter.KEYWORD_ONLY
    ]
    assert len(positional) <= 2
    assert all(p.default is inspect.Parameter.empty for p in positional)


# --------------------------------------------------------------- dtypes


@pytest.mark.parametrize("f, y, pred", cases(LOSSES))
def test_float32_losses_stay_float32(f, y, pred):
    y32, pred32 = arrays(y, pred, np.float32)
    assert f(y32, pred32, reduction="none").dtype == np.float32
    weights = np.float32(REPEAT)
    got = f(y32, pred32, sample_weight=weights, reduction="none")
    assert got.dtype == np.float32


@pytest.mark.parametrize("f, y, pred", cases(GRADIENTS))
def test_float32_gradients_stay_float32(f, y, pred):
    y32, pred32 = arrays(y, pred, np.float32)
    assert f(y32, pred32).dtype == np.float32
    assert f(y32, pred32, sample_weight=np.float32(REPEAT)).dtype == (
        np.float32
    )


def test_float32_elsewhere_stays_float32():
    f32 = np.float32
    rows = f32(PROBS)
    assert lossbook.entropy(rows).dtype == np.float32
    assert lossbook.cross_entropy(rows, rows[::-1]).dtype == np.float32
    assert lossbook.kl_divergence(rows, rows[::-1]).dtype == np.float32
    assert lossbook.smooth_labels(f32([1, 0]), 0.1).dtype == np.float32
    assert lossbook.smooth_labels(rows, 0.1).dtype == np.float32
    y, pred = arrays(*REGRESSION, np.float32)
    raw = lossbook.rmse(y, pred, multioutput="raw_values")
    assert raw.dtype == np.float32
    # option arrays do not promote: float64 pos_weight, float32 losses
    assert (
        lossbook.binary_cross_entropy_with_logits(
            f32([[1, 0]]),
            f32([[0.5, -0.5]]),
            pos_weight=[2.0, 3.0],
            reduction="none",
        ).dtype
        == np.float32
    )


# --------------------------------------------------------------- zeros


def test_perfect_predictions_give_positive_zero():
    # -0.0 would print as "-0." in the book
    perfect = [
        lossbook.binary_cross_entropy([1, 0], [1.0, 0.0], reduction="none"),
        lossbook.binary_cross_entropy_with_logits(
            [0.0], [-INF], reduction="none"
        ),
        lossbook.sigmoid_focal_loss([0.0], [-INF], reduction="none"),
        lossbook.categorical_cross_entropy(
            [0, 1], np.eye(2), reduction="none"
        ),
        lossbook.softmax_cross_entropy_with_logits(
            [0, 1], [[0.0, -INF], [-INF, 0.0]], reduction="none"
        ),
        lossbook.mse([1.0, -2.0], [1.0, -2.0], reduction="none"),
        lossbook.mae([1.0, -2.0], [1.0, -2.0], reduction="none"),
        lossbook.huber([1.0, -2.0], [1.0, -2.0], reduction="none"),
        lossbook.rmse([1.0, -2.0], [1.0, -2.0]),
        lossbook.entropy([1.0, 0.0]),
        lossbook.cross_entropy([1.0, 0.0], [1.0, 0.0]),
        lossbook.kl_divergence([1.0, 0.0], [1.0, 0.0]),
        lossbook.brier_score([1, 0], [1.0, 0.0]),
    ]
    for i, value in enumerate(perfect):
        assert np.all(np.asarray(value) == 0), i
        assert not np.any(np.signbit(value)), i


# --------------------------------------------------------------- errors


@pytest.mark.parametrize("f, y, pred", cases(EVERY))
def test_empty_input(f, y, pred):
    a, b = names(f)
    empty_pred = np.zeros((0, *np.shape(pred)[1:]))
    with raises(rf"^({a}|{b}) (is empty|must be a non-empty)"):
        f([], empty_pred)


@pytest.mark.parametrize("f, y, pred", cases(EVERY))
def test_complex_input_is_refused(f, y, pred):
    """NumPy would cast it to float with a warning, dropping the imaginary
    part (scikit-learn's own tests feed complex input to its metrics)."""
    a, b = names(f)
    with raises(rf"^{b} must be real, got complex values"):
        f(y, np.asarray(pred) + 1j)
    if np.issubdtype(np.asarray(y).dtype, np.floating):
        with raises(rf"^{a} must be real, got complex values"):
            f(np.asarray(y) + 0j, pred)


@pytest.mark.parametrize("bad", [NAN, INF, -INF], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize(
    "f, y, pred, name",
    [
        pytest.param(f, y, pred, name, id=name)
        for name, (f, y, pred) in EVERY.items()
    ],
)
def test_nan_and_infinity_in_the_prediction(f, y, pred, name, bad):
    pred = np.array(pred, dtype=float)
    pred[(0,) * pred.ndim] = bad
    prediction = names(f)[1]
    if bad == -INF and name in MINUS_INF_ALLOWED:
        with np.errstate(all="raise"):
            value = np.asarray(f(y, pred))
        assert not np.any(np.isnan(value))
        return
    with raises(rf"^{prediction} contains NaN or \+?infinity"):
        f(y, pred)


@pytest.mark.parametrize("f, y, pred", cases(EVERY))
def test_nan_in_the_target(f, y, pred):
    y = np.array(y, dtype=float)
    y[(0,) * y.ndim] = NAN
    with raises(rf"^{names(f)[0]} contains NaN"):
        f(y, pred)


@pytest.mark.parametrize("f, y, pred", cases(EVERY))
def test_shape_mismatch_names_the_argument_and_both_shapes(f, y, pred):
    # both shapes, or (scikit-learn's wording) both numbers of samples
    y_short = first_rows(y, 2)
    with pytest.raises(ValueError) as info:
        f(y_short, pred)
    message = str(info.value)
    assert names(f)[0] in message, message
    shapes = (str(np.shape(y_short)), str(np.shape(pred)))
    assert all(s in message for s in shapes) or "2 and 3" in message, message


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: lossbook.sigmoid([]), "z"),
        (lambda: lossbook.entropy([]), "p"),
        (lambda: lossbook.smooth_labels([], 0.1), "y"),
        (lambda: lossbook.LogisticRegression().fit(np.zeros((0, 2)), []), "X"),
    ],
)
def test_empty_input_elsewhere(call, name):
    with raises(rf"^{name} (is empty|must be a non-empty)"):
        call()


@pytest.mark.parametrize("bad", [NAN, INF, -INF])
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda b: lossbook.entropy([b, 0.5]), "p"),
        (lambda b: lossbook.smooth_labels([b, 0.5], 0.1), "y"),
        (
            lambda b: lossbook.LogisticRegression().fit([[0.0], [b]], [0, 1]),
            "X",
        ),
        (lambda b: lossbook.numerical_gradient(np.sum, [b]), "x"),
    ],
)
def test_nan_and_infinity_elsewhere(call, name, bad):
    with raises(rf"^{name} contains NaN or infinity"):
        call(bad)


@pytest.mark.parametrize("bad", [NAN, INF])
def test_logits_refuse_nan_and_plus_infinity_elsewhere(bad):
    with raises(r"^z contains NaN or \+infinity"):
        lossbook.sigmoid([0.0, bad])


def test_inconsistent_lengths_elsewhere():
    with raises(
        r"^y_true and y_prob have inconsistent numbers of samples: 2 and 3"
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
        r"^y_prob must have \(1, 2\) dimension\(s\), got shape \(1, 1, 2\)"
    ):
        lossbook.log_loss([0], [[[0.5, 0.5]]])
    with raises(r"^X must have 2 dimension\(s\)"):
        lossbook.LogisticRegression().fit([0.0, 1.0], [0, 1])


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
        (lambda: lossbook.log_loss([1, 0], [-0.1, 0.5]), "y_prob"),
        (
            lambda: lossbook.log_loss([1, 0], [[1.1, -0.1], [0.5, 0.5]]),
            "y_prob",
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
            "y_prob",
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
        (lambda: lossbook.smooth_labels([0, 4], 0.1, n_classes=4), "y"),
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


# ------------------------------------------------------ the docstring examples
def _doctests():
    import doctest
    import importlib
    import pkgutil

    finder = doctest.DocTestFinder()
    for info in pkgutil.iter_modules(lossbook.__path__):
        module = importlib.import_module(f"lossbook.{info.name}")
        yield from (t for t in finder.find(module) if t.examples)


def test_examples_fit_the_api_pages_code_column():
    """The API page shows every docstring example in a code box that holds
    79 columns on a desktop (tools/static/lossbook-screens.css)."""
    long = [
        (test.name, line)
        for test in _doctests()
        for example in test.examples
        for line in [
            *(f">>> {line}" for line in example.source.splitlines()),
            *example.want.splitlines(),
        ]
        if len(line) > 79
    ]
    assert not long, long
