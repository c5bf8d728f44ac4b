"""lossbook.multiclass: categorical_cross_entropy and
softmax_cross_entropy_with_logits.

Hand-computed values (derived on paper in the comments), ignore_index and
masked (-inf) logits, dtypes, error messages, hypothesis properties, then
PyTorch (tests/reference/torch_reference.json, the documented differences
included), scikit-learn and optax's test cases.
"""

import math
import warnings

import numpy as np
import pytest
import sklearn.metrics
from hypothesis import given
from hypothesis import strategies as st

import lossbook
from lossbook import gradients
from tests.helpers import (
    EPS,
    INF,
    LN2,
    LN3,
    LN6,
    NAN,
    PROPERTY,
    assert_matches_pytorch,
    case_id,
    distributions,
    labels_and_logits,
    raises,
    torch_cases,
)

# --------------------------------------------------------------- values


def test_categorical_cross_entropy_hand_values():
    # -ln 0.7 and -ln 0.8
    expected = -(math.log(0.7) + math.log(0.8)) / 2
    probs = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]
    assert lossbook.categorical_cross_entropy([0, 2], probs) == pytest.approx(
        expected, rel=1e-15
    )
    assert lossbook.categorical_cross_entropy(
        [[1, 0, 0], [0, 0, 1]], probs
    ) == pytest.approx(expected, rel=1e-15)
    # soft targets: -(0.5 ln 0.7 + 0.5 ln 0.2)
    assert lossbook.categorical_cross_entropy(
        [[0.5, 0.5, 0.0]], [probs[0]]
    ) == pytest.approx(-(0.5 * math.log(0.7) + 0.5 * math.log(0.2)), rel=1e-15)
    # zero probability for the true class: log clamped at -100
    assert lossbook.categorical_cross_entropy([1], [[1.0, 0.0]]) == 100.0


def test_categorical_with_two_classes_is_binary():
    p = np.array([0.9, 0.3, 0.0, 1.0])
    y = np.array([1, 0, 1, 1])
    np.testing.assert_allclose(
        lossbook.categorical_cross_entropy(
            y, np.stack([1 - p, p], axis=1), reduction="none"
        ),
        lossbook.binary_cross_entropy(y, p, reduction="none"),
        rtol=1e-15,
    )


def test_softmax_cross_entropy_hand_values():
    logits = [[0.0, LN2, LN3]]  # softmax = 1/6, 2/6, 3/6
    assert lossbook.softmax_cross_entropy_with_logits(
        [0], logits
    ) == pytest.approx(LN6, rel=1e-15)
    assert lossbook.softmax_cross_entropy_with_logits(
        [2], logits
    ) == pytest.approx(math.log(2), rel=1e-15)
    # label smoothing 0.3 over K = 3: target (0.8, 0.1, 0.1)
    expected = -(
        0.8 * math.log(1 / 6) + 0.1 * math.log(2 / 6) + 0.1 * math.log(3 / 6)
    )
    assert lossbook.softmax_cross_entropy_with_logits(
        [0], logits, label_smoothing=0.3
    ) == pytest.approx(expected, rel=1e-14)
    assert lossbook.softmax_cross_entropy_with_logits(
        [[0.8, 0.1, 0.1]], logits
    ) == pytest.approx(expected, rel=1e-14)


def test_softmax_cross_entropy_class_weight_normalisation():
    # uniform logits over 3 classes: each loss is ln 3, times the class weight;
    # the mean divides by the weights of the targets' classes (PyTorch)
    zeros = np.zeros((2, 3))
    w = [2.0, 1.0, 1.0]
    none = lossbook.softmax_cross_entropy_with_logits(
        [0, 1], zeros, class_weight=w, reduction="none"
    )
    np.testing.assert_allclose(none, [2 * LN3, LN3], rtol=1e-15)
    assert lossbook.softmax_cross_entropy_with_logits(
        [0, 1], zeros, class_weight=w
    ) == pytest.approx(LN3, rel=1e-15)
    # with sample weights (1, 3): (2 ln3 + 3 ln3) / (1*2 + 3*1)
    assert lossbook.softmax_cross_entropy_with_logits(
        [0, 1], zeros, class_weight=w, sample_weight=[1, 3]
    ) == pytest.approx(LN3, rel=1e-15)
    # probability targets: the mean divides by n, as in PyTorch
    assert lossbook.softmax_cross_entropy_with_logits(
        np.eye(3)[[0, 1]], zeros, class_weight=w
    ) == pytest.approx(1.5 * LN3, rel=1e-15)


def test_softmax_cross_entropy_extreme_logits():
    got = lossbook.softmax_cross_entropy_with_logits(
        [1, 0], [[1e4, -1e4], [1e4, -1e4]], reduction="none"
    )
    np.testing.assert_array_equal(got, [2e4, 0.0])
    assert not np.signbit(got[1])  # +0.0, printed as 0, not -0


# uniform-free logits of softmax (1/6, 2/6, 3/6), as above
SIXTHS = [0.0, LN2, LN3]


def test_ignore_index_hand_values():
    ce = lossbook.softmax_cross_entropy_with_logits
    logits = [SIXTHS] * 3
    y = [0, -100, 2]
    # losses ln 6, 0 (ignored), ln 2; the mean divides by the 2 kept samples
    np.testing.assert_allclose(
        ce(y, logits, ignore_index=-100, reduction="none"),
        [LN6, 0.0, LN2],
        rtol=1e-15,
    )
    assert ce(y, logits, ignore_index=-100) == pytest.approx(
        (LN6 + LN2) / 2, rel=1e-15
    )
    assert ce(y, logits, ignore_index=-100, reduction="sum") == pytest.approx(
        LN6 + LN2, rel=1e-15
    )
    # class weights (2, 1, 3): 2 ln 6 + 3 ln 2 over 2 + 3 (the ignored
    # sample's class weight is not in the denominator)
    w = [2.0, 1.0, 3.0]
    assert ce(y, logits, class_weight=w, ignore_index=-100) == pytest.approx(
        (2 * LN6 + 3 * LN2) / 5, rel=1e-15
    )
    # smoothing 0.3 over K = 3: target (0.8, 0.1, 0.1) for label 0 and
    # (0.1, 0.1, 0.8) for label 2; the ignored sample's smoothing term is
    # dropped too, and the mean divides by 2
    log_p = np.log([1 / 6, 2 / 6, 3 / 6])
    first = -np.dot([0.8, 0.1, 0.1], log_p)
    third = -np.dot([0.1, 0.1, 0.8], log_p)
    assert ce(
        y, logits, label_smoothing=0.3, ignore_index=-100
    ) == pytest.approx((first + third) / 2, rel=1e-14)
    # sample weights (1, 5, 3) scale the kept losses and their shares
    assert ce(
        y, logits, ignore_index=-100, sample_weight=[1, 5, 3]
    ) == pytest.approx((LN6 + 3 * LN2) / 4, rel=1e-15)


def test_ignore_index_may_be_a_class():
    # ignoring class 1 (PyTorch allows any integer): as if those rows were gone
    ce = lossbook.softmax_cross_entropy_with_logits
    z = np.array([SIXTHS, [1.0, 2.0, 0.5], SIXTHS])
    assert ce([0, 1, 2], z, ignore_index=1) == pytest.approx(
        ce([0, 2], z[[0, 2]]), rel=1e-15
    )


def test_ignore_index_gradient_is_zero_for_ignored_rows():
    grad = gradients.softmax_cross_entropy_with_logits(
        [0, -100, 2], [SIXTHS] * 3, ignore_index=-100, label_smoothing=0.3
    )
    np.testing.assert_array_equal(grad[1], [0.0, 0.0, 0.0])
    # a kept row: smoothed target minus softmax, (1/6 - 0.8, 2/6 - 0.1, ...)
    np.testing.assert_allclose(
        grad[0], [1 / 6 - 0.8, 2 / 6 - 0.1, 3 / 6 - 0.1], rtol=1e-14
    )


def test_ignore_index_default_ignores_nothing():
    # PyTorch ignores -100 by default; lossbook treats it as a bad label
    with raises(r"^y_true must hold class labels >= 0, found -100"):
        lossbook.softmax_cross_entropy_with_logits([0, -100], [SIXTHS] * 2)


def test_every_label_ignored():
    ce = lossbook.softmax_cross_entropy_with_logits
    y, z = [-100, -100], [SIXTHS] * 2
    with raises(r"^every label in y_true equals ignore_index \(-100\)"):
        ce(y, z, ignore_index=-100)
    assert ce(y, z, ignore_index=-100, reduction="sum") == 0.0
    np.testing.assert_array_equal(
        ce(y, z, ignore_index=-100, reduction="none"), [0.0, 0.0]
    )


def test_masked_logits_hand_values():
    ce = lossbook.softmax_cross_entropy_with_logits
    z = [[0.0, -INF, LN2]]  # softmax (1/3, 0, 2/3)
    assert ce([0], z) == pytest.approx(LN3, rel=1e-15)
    assert ce([2], z) == pytest.approx(math.log(3 / 2), rel=1e-15)
    assert ce([1], z) == INF  # the target's own class masked out
    assert ce([0], z, label_smoothing=0.1) == INF  # eps / K on class 1
    # a probability target with nothing on the masked class: 0 log 0 = 0
    assert ce([[0.5, 0.0, 0.5]], z) == pytest.approx(
        -(0.5 * math.log(1 / 3) + 0.5 * math.log(2 / 3)), rel=1e-15
    )
    # the gradient stays finite: softmax minus one-hot, 0 at the masked class
    np.testing.assert_allclose(
        gradients.softmax_cross_entropy_with_logits([0], z),
        [[1 / 3 - 1, 0.0, 2 / 3]],
        rtol=1e-15,
    )
    # smoothing 0.3 over K = 3 targets (0.8, 0.1, 0.1): at the masked class
    # the gradient is 0 - 0.1, although the loss is infinite
    np.testing.assert_allclose(
        gradients.softmax_cross_entropy_with_logits(
            [0], z, label_smoothing=0.3
        ),
        [[1 / 3 - 0.8, -0.1, 2 / 3 - 0.1]],
        rtol=1e-14,
    )


def test_an_ignored_row_is_not_looked_at():
    ce = lossbook.softmax_cross_entropy_with_logits
    z = [SIXTHS, [-INF, -INF, -INF]]
    assert ce([0, -100], z, ignore_index=-100) == pytest.approx(LN6, rel=1e-15)
    np.testing.assert_array_equal(
        gradients.softmax_cross_entropy_with_logits(
            [0, -100], z, ignore_index=-100
        )[1],
        [0.0, 0.0, 0.0],
    )
    with raises(r"^logits is -inf throughout a slice along axis -1"):
        ce([0, 1], z)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_of_the_logits_is_kept(dtype):
    z = np.array([SIXTHS, [1.0, -np.inf, 0.0]], dtype=dtype)
    for got in (
        lossbook.softmax_cross_entropy_with_logits(
            [0, 2],
            z,
            class_weight=[1.0, 2.0, 3.0],
            label_smoothing=0.1,
            reduction="none",
        ),
        gradients.softmax_cross_entropy_with_logits([0, 2], z),
        lossbook.categorical_cross_entropy(
            [0, 2], lossbook.softmax(z), reduction="none"
        ),
    ):
        assert got.dtype == dtype


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [[1.0, 0.0]], [[0.5, 0.1]], ignore_index=-100
            ),
            r"^ignore_index applies to integer labels only, but y_true has shape \(1, 2\)",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], ignore_index=1.5
            ),
            r"^ignore_index must be an integer, got 1.5",
        ),
        (
            lambda: gradients.softmax_cross_entropy_with_logits(
                [0, -1], [[0.5, 0.1]] * 2, ignore_index=-100
            ),
            r"^y_true must hold class labels >= 0, found -1",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0, 2], [[0.5, 0.1]] * 2, ignore_index=-100
            ),
            r"^y_true holds class label 2 but there are only 2 classes",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, INF]]
            ),
            r"^logits contains NaN or \+infinity",
        ),
    ],
)
def test_ignore_index_and_masks_errors(call, message):
    with raises(message):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], label_smoothing=-0.1
            ),
            r"^label_smoothing must lie in \[0, 1\]",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], label_smoothing=NAN
            ),
            r"^label_smoothing must lie in \[0, 1\], got nan",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], class_weight=[1.0]
            ),
            r"^class_weight has 1 entries but there are 2 classes",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], class_weight=[1.0, -1.0]
            ),
            r"^class_weight must be non-negative",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], class_weight=[0.0, 1.0]
            ),
            r"weights of the samples' classes sum to zero",
        ),
    ],
)
def test_weights(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- properties


@PROPERTY
@given(labels_and_logits(), st.floats(0, 1))
def test_softmax_cross_entropy_nonnegative_and_finite(data, eps):
    y, z = data
    losses = lossbook.softmax_cross_entropy_with_logits(
        y, z, label_smoothing=eps, reduction="none"
    )
    assert np.all(np.isfinite(losses)) and np.all(losses >= 0)


@PROPERTY
@given(distributions())
def test_categorical_nonnegative_and_zero_only_when_perfect(p):
    labels = p.argmax(axis=1)
    losses = lossbook.categorical_cross_entropy(labels, p, reduction="none")
    assert np.all(losses >= 0)
    np.testing.assert_array_equal(
        losses == 0, p[np.arange(len(p)), labels] == 1
    )


@PROPERTY
@given(labels_and_logits(scale=8.0))
def test_softmax_path_equals_probability_path(data):
    y, z = data
    from_logits = lossbook.softmax_cross_entropy_with_logits(
        y, z, reduction="none"
    )
    from_probs = lossbook.categorical_cross_entropy(
        y, lossbook.softmax(z), reduction="none"
    )
    np.testing.assert_allclose(from_logits, from_probs, rtol=1e-11, atol=1e-15)
    # and log_loss (scikit-learn's clipping never bites at these logits)
    metric = lossbook.log_loss(
        y, lossbook.softmax(z), labels=np.arange(z.shape[1])
    )
    assert metric == pytest.approx(float(np.mean(from_logits)), rel=1e-10)


# --------------------------------------------------------------- peers


def _masked(case):
    """Whether a reference case has a logit of -inf (a masked class)."""
    return bool(np.isneginf(np.asarray(case["inputs"]["logits"], float)).any())


CASES = torch_cases("softmax_cross_entropy_with_logits")
TORCH_CASES = [c for c in CASES if "differs" not in c and not _masked(c)]
# The cases with a masked logit, gradients included, are checked strictly
# below: assert_matches_pytorch allows a few ulp of |logit|, no bound at -inf.
MASKED_CASES = [
    case
    for case in torch_cases(
        "softmax_cross_entropy_with_logits",
        "gradients.softmax_cross_entropy_with_logits",
    )
    if _masked(case) and "differs" not in case
]
DIFFERING_CASES = [case for case in CASES if "differs" in case]


@pytest.mark.parametrize(
    "case", TORCH_CASES, ids=[case_id(c) for c in TORCH_CASES]
)
def test_matches_pytorch(case):
    assert_matches_pytorch(case)


@pytest.mark.parametrize(
    "case", MASKED_CASES, ids=[case_id(c) for c in MASKED_CASES]
)
def test_masked_logits_match_pytorch(case):
    # infinite losses (a masked target, or smoothing) must agree exactly,
    # the rest to 1e-12
    f = lossbook.softmax_cross_entropy_with_logits
    if case["function"].startswith("gradients."):
        f = gradients.softmax_cross_entropy_with_logits
    inputs = [np.asarray(v) for v in case["inputs"].values()]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = f(*inputs, **case["kwargs"])
    np.testing.assert_allclose(
        got, np.asarray(case["expected"]), rtol=1e-12, atol=1e-15
    )


@pytest.mark.parametrize(
    "case", DIFFERING_CASES, ids=[case_id(c) for c in DIFFERING_CASES]
)
def test_documented_differences_from_pytorch(case):
    # PyTorch gives NaN here (so the difference is still real) ...
    assert np.isnan(case["expected"]).any()
    inputs = [np.asarray(v) for v in case["inputs"].values()]
    f = lossbook.softmax_cross_entropy_with_logits
    # ... and lossbook the limit z -> -inf (PyTorch's value at z = -1e4),
    # or a ValueError
    if "limit" in case:
        got = f(*inputs, **case["kwargs"])
        np.testing.assert_allclose(got, case["limit"], rtol=1e-12)
    else:
        with pytest.raises(ValueError):
            f(*inputs, **case["kwargs"])


def test_categorical_differences_from_sklearn():
    # rows that do not sum to 1: scikit-learn warns and takes them as given,
    # -(ln 0.6 + ln 0.8) / 2; lossbook raises
    y, p = [0, 1], [[0.6, 0.6], [0.2, 0.8]]
    with pytest.warns(UserWarning, match="do not sum to one"):
        assert sklearn.metrics.log_loss(y, p) == pytest.approx(
            -(math.log(0.6) + math.log(0.8)) / 2, rel=1e-15
        )
    with raises(r"^y_prob must sum to 1 along axis -1, found a sum of 1.2"):
        lossbook.categorical_cross_entropy(y, p)
    # a zero probability for the true class: scikit-learn clips p at eps
    # (-ln eps = 52 ln 2), lossbook clamps the log at -100 as PyTorch
    p = [[0.0, 1.0]]
    assert sklearn.metrics.log_loss([0], p, labels=[0, 1]) == pytest.approx(
        -math.log(EPS), rel=1e-15
    )
    assert lossbook.categorical_cross_entropy([0], p) == 100.0


def test_optax_softmax_cross_entropy():
    # SoftmaxCrossEntropyTest: expected [9.00013, 3.0696733] (float32, atol 1e-4)
    logits = np.array([[10.0, 1.0, -2.0], [1.0, 4.0, 0.2]])
    targets = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    expected = [9.00013, 3.0696733]
    got = lossbook.softmax_cross_entropy_with_logits(
        targets, logits, reduction="none"
    )
    np.testing.assert_allclose(got, expected, atol=1e-4)
    got = lossbook.softmax_cross_entropy_with_logits(
        [1, 0], logits, reduction="none"
    )
    np.testing.assert_allclose(got, expected, atol=1e-4)
