"""lossbook.binary: binary_cross_entropy and binary_cross_entropy_with_logits.

Hand-computed values (derived on paper in the comments), logits of -inf,
error messages, hypothesis properties, then PyTorch
(tests/reference/torch_reference.json) and optax's test cases, and last the
accuracy against the exact reference of lossbook.reference (mpmath).
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lossbook
from lossbook import reference
from tests.helpers import (
    LN2,
    PROPERTY,
    assert_matches_pytorch,
    case_id,
    hard,
    logit,
    moderate_logit,
    paired,
    probability,
    raises,
    torch_cases,
)

# --------------------------------------------------------------- values


def test_binary_cross_entropy_hand_values():
    # the seed's worked numbers: -ln 0.9, -ln 0.6, -ln 0.8 and their mean 0.280
    losses = lossbook.binary_cross_entropy(
        [1, 1, 0], [0.9, 0.6, 0.2], reduction="none"
    )
    np.testing.assert_allclose(losses, -np.log([0.9, 0.6, 0.8]), rtol=1e-15)
    assert (
        round(lossbook.binary_cross_entropy([1, 1, 0], [0.9, 0.6, 0.2]), 3)
        == 0.280
    )
    # soft target 0.3 at p = 0.5: ln 2 whatever the target
    assert lossbook.binary_cross_entropy([0.3], [0.5]) == pytest.approx(
        LN2, rel=1e-15
    )
    # PyTorch's clamp: each log is at least -100, so p = 0 or 1 costs 100
    np.testing.assert_array_equal(
        lossbook.binary_cross_entropy(
            [1, 0, 1, 0], [0.0, 1.0, 1.0, 0.0], reduction="none"
        ),
        [100, 100, 0, 0],
    )


def test_bce_with_logits_hand_values():
    assert lossbook.binary_cross_entropy_with_logits(
        [1], [0.0]
    ) == pytest.approx(LN2, rel=1e-15)
    assert lossbook.binary_cross_entropy_with_logits(
        [1], [0.0], pos_weight=3.0
    ) == pytest.approx(3 * LN2, rel=1e-15)
    # y = 0 is unaffected by pos_weight
    assert lossbook.binary_cross_entropy_with_logits(
        [0], [0.0], pos_weight=3.0
    ) == pytest.approx(LN2, rel=1e-15)
    # label smoothing 0.2 turns y = 1 into 0.9; at sigma(z) = 0.9 the loss is the entropy of 0.9
    z = math.log(9)
    expected = -(0.9 * math.log(0.9) + 0.1 * math.log(0.1))
    assert lossbook.binary_cross_entropy_with_logits(
        [1], [z], label_smoothing=0.2
    ) == pytest.approx(expected, rel=1e-14)
    # z = ln 9 is p = 0.9: -ln 0.9 for y = 1
    assert lossbook.binary_cross_entropy_with_logits(
        [1], [z]
    ) == pytest.approx(-math.log(0.9), rel=1e-14)


def test_bce_with_logits_per_class_pos_weight():
    y = np.array([[1.0, 1.0], [0.0, 1.0]])
    got = lossbook.binary_cross_entropy_with_logits(
        y, np.zeros((2, 2)), pos_weight=[2.0, 5.0], reduction="none"
    )
    np.testing.assert_allclose(
        got, [[2 * LN2, 5 * LN2], [LN2, 5 * LN2]], rtol=1e-15
    )


def test_bce_with_logits_extremes_are_exact():
    # loss 1e4 at logit -1e4 with y = 1, never inf or nan
    assert lossbook.binary_cross_entropy_with_logits([1], [-1e4]) == 1e4
    assert lossbook.binary_cross_entropy_with_logits([0], [1e4]) == 1e4
    assert lossbook.binary_cross_entropy_with_logits([1], [1e4]) == 0.0


# --------------------------------------------------------------- -inf


MINUS_INF = -np.inf


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bce_with_logits_at_minus_infinity_gives_the_limits(dtype):
    # sigma(-inf) = 0: no loss for y = 0, an infinite one for any y > 0;
    # never NaN (0 * inf), never a floating-point warning.  (PyTorch 2.13's
    # F.binary_cross_entropy_with_logits gives NaN for all three: a
    # documented difference.)
    y = np.array([0.0, 1.0, 0.3, 0.0, 1.0], dtype=dtype)
    z = np.array([MINUS_INF, MINUS_INF, MINUS_INF, -3.0, 2.0], dtype=dtype)
    with np.errstate(all="raise"):
        got = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    assert got.dtype == dtype
    np.testing.assert_array_equal(got[:3], [0.0, np.inf, np.inf])
    # the finite logits beside them are untouched: softplus(-3), softplus(-2)
    np.testing.assert_allclose(
        got[3:],
        [math.log1p(math.exp(-3)), math.log1p(math.exp(-2))],
        rtol=1e-6,
    )
    assert lossbook.binary_cross_entropy_with_logits(y[:1], z[:1]) == 0.0
    assert lossbook.binary_cross_entropy_with_logits(y, z) == np.inf


def test_bce_with_logits_at_minus_infinity_with_options():
    y = np.array([0.0, 1.0, 0.3])
    z = np.full(3, MINUS_INF)
    with np.errstate(all="raise"):
        # pos_weight 0: the positive term does not count, even where it is inf
        np.testing.assert_array_equal(
            lossbook.binary_cross_entropy_with_logits(
                y, z, pos_weight=0.0, reduction="none"
            ),
            [0.0, 0.0, 0.0],
        )
        np.testing.assert_array_equal(
            lossbook.binary_cross_entropy_with_logits(
                y, z, pos_weight=2.0, reduction="none"
            ),
            [0.0, np.inf, np.inf],
        )
        # smoothing turns y = 0 into 0.05 > 0: infinite
        np.testing.assert_array_equal(
            lossbook.binary_cross_entropy_with_logits(
                y, z, label_smoothing=0.1, reduction="none"
            ),
            [np.inf, np.inf, np.inf],
        )


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_logits_refuse_nan_and_plus_infinity(bad):
    with raises(r"^logits contains NaN or \+infinity"):
        lossbook.binary_cross_entropy_with_logits([1.0, 0.0], [0.0, bad])


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.binary_cross_entropy_with_logits(
                [1], [0.5], label_smoothing=1.2
            ),
            r"^label_smoothing must lie in \[0, 1\], got 1.2",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (  # deliberate: PyTorch accepts it and returns negative losses
            lambda: lossbook.binary_cross_entropy_with_logits(
                [1], [0.5], pos_weight=-1.0
            ),
            r"^pos_weight must be non-negative",
        ),
        (
            lambda: lossbook.binary_cross_entropy_with_logits(
                [[1, 0]], [[0.5, 0.1]], pos_weight=[1.0, 2.0, 3.0]
            ),
            r"^pos_weight must be a scalar or have one value per class; "
            r"got shape \(3,\) for targets of shape \(1, 2\)",
        ),
    ],
)
def test_weights(call, message):
    with raises(message):
        call()


def test_non_numeric_input():
    with raises(r"^y_prob must be numeric"):
        lossbook.binary_cross_entropy([1], ["high"])


@pytest.mark.parametrize("target", [1.5, -0.5])
def test_soft_targets_outside_the_unit_interval(target):
    # deliberate difference: PyTorch's with-logits version accepts any real
    # target (ln 2 for 1.5 at z = 0); both probability versions refuse it
    with raises(r"^y_true must lie in \[0, 1\]"):
        lossbook.binary_cross_entropy_with_logits([target], [0.0])
    with raises(r"^y_true must lie in \[0, 1\]"):
        lossbook.binary_cross_entropy([target], [0.5])


# --------------------------------------------------------------- properties


@PROPERTY
@given(paired(hard, probability))
def test_bce_nonnegative_and_zero_only_when_perfect(data):
    y, p = data
    losses = lossbook.binary_cross_entropy(y, p, reduction="none")
    assert np.all(losses >= 0)
    np.testing.assert_array_equal(losses == 0, p == y)


@PROPERTY
@given(paired(probability, logit), st.floats(0, 1), st.floats(0, 10))
def test_bce_with_logits_nonnegative_and_finite(data, eps, pos_weight):
    y, z = data
    losses = lossbook.binary_cross_entropy_with_logits(
        y, z, label_smoothing=eps, pos_weight=pos_weight, reduction="none"
    )
    assert np.all(np.isfinite(losses)) and np.all(losses >= 0)


@PROPERTY
@given(paired(hard, logit))
def test_bce_with_logits_positive_for_finite_logits(data):
    # a finite logit is never a perfect prediction; the loss is zero only if
    # it underflows (log1p(e^-|z|) = 0 for |z| > 745)
    y, z = data
    losses = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    right_side = (z > 0) == (y == 1)
    assert np.all((losses > 0) | (right_side & (np.abs(z) > 745)))


@PROPERTY
@given(paired(probability, moderate_logit))
def test_logits_path_equals_probability_path(data):
    # for |z| <= 8, sigma(z) and 1 - sigma(z) are accurate to ~3000 ulp at worst
    y, z = data
    from_logits = lossbook.binary_cross_entropy_with_logits(
        y, z, reduction="none"
    )
    from_probs = lossbook.binary_cross_entropy(
        y, lossbook.sigmoid(z), reduction="none"
    )
    np.testing.assert_allclose(from_logits, from_probs, rtol=1e-11, atol=1e-15)


# --------------------------------------------------------------- peers


TORCH_CASES = torch_cases(
    "binary_cross_entropy", "binary_cross_entropy_with_logits"
)


@pytest.mark.parametrize(
    "case", TORCH_CASES, ids=[case_id(c) for c in TORCH_CASES]
)
def test_matches_pytorch(case):
    assert_matches_pytorch(case)


def test_pytorch_rounds_where_the_loss_is_tiny_and_lossbook_does_not():
    """What the docstring says of PyTorch's textbook form, on its own output:
    y = 0, z = -30 and z = -60 (the first unweighted case with those)."""
    case = next(
        c
        for c in TORCH_CASES
        if c["function"] == "binary_cross_entropy_with_logits"
        and c["kwargs"] == {"pos_weight": None, "reduction": "none"}
    )
    y, z = (np.asarray(v) for v in case["inputs"].values())
    torch = np.asarray(case["expected"])
    ours = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    for at in (-30.0, -60.0):
        i = np.flatnonzero((z == at) & (y == 0))[0]
        exact = math.log1p(math.exp(at))
        assert ours[i] == exact
        assert abs(torch[i] - exact) > 0.01 * exact  # 1.3 % and 100 % off
    # elsewhere the two agree to 1e-12 relatively
    tiny = (y == 0) & (z <= -30)
    np.testing.assert_allclose(ours[~tiny], torch[~tiny], rtol=1e-12)


@pytest.mark.parametrize(
    "preds, labels, expected",
    [
        ([-1e09, -1e-09], [1.0, 0.0], 5e08),
        ([-1e09, -1e-09], [0.0, 1.0], 0.3465736),
        ([1e09, 1e-09], [1.0, 0.0], 0.3465736),
        ([1e09, 1e-09], [0.0, 1.0], 5e08),
        ([-1e09, 1e-09], [1.0, 0.0], 5e08),
        ([-1e09, 1e-09], [0.0, 1.0], 0.3465736),
        ([1e09, -1e-09], [1.0, 0.0], 0.3465736),
        ([1e09, -1e-09], [0.0, 1.0], 5e08),
        ([0.0, 0.0], [1.0, 0.0], 0.6931472),
        ([0.0, 0.0], [0.0, 1.0], 0.6931472),
    ],
)
def test_optax_sigmoid_cross_entropy(preds, labels, expected):
    # SigmoidCrossEntropyTest (mean over the two elements, rtol = atol = 1e-6)
    got = lossbook.binary_cross_entropy_with_logits(labels, preds)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


# --------------------------------------------------------------- accuracy


ULP_CASES = [
    (0.0, -60.0),
    (1.0, 60.0),
    (0.0, -700.0),
    (1.0, 700.0),
    (0.0, -30.0),
    (1.0, 36.5),
    (0.0, -1e-10),
    (1.0, 1e-10),
    (0.0, 0.0),
    (1.0, -1e4),
    (0.0, 1e4),
    (1.0, -800.0),
    (0.25, 3.0),
    (0.75, -2.0),
    (0.5, 40.0),
    (0.9, 1e3),
    (1.0, 5.0),
    (0.0, -0.5),
    (1.0, 1e-300),
    (0.0, 745.0),
]


@pytest.mark.parametrize("y, z", ULP_CASES)
def test_bce_with_logits_within_a_few_ulp(y, z):
    got = lossbook.binary_cross_entropy_with_logits([y], [z], reduction="none")
    assert got[0] > 0 and math.isfinite(got[0])
    exact = reference.binary_cross_entropy_with_logits([y], [z])
    assert reference.ulp_errors(got, exact)[0] <= 4


def _bce_per_element(y, z):
    return lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")


def test_bce_with_logits_float32_within_a_few_ulp():
    # float32 stays float32, and is as accurate in its own ulp; |z| < 88
    # keeps every value a normal float32
    y, z = np.array(ULP_CASES).T
    finite32 = np.abs(z) < 88
    assert (
        reference.max_ulp_error(
            _bce_per_element, y[finite32], z[finite32], np.float32
        )
        <= 4
    )


@PROPERTY
@given(
    st.one_of(hard, probability),
    st.one_of(st.floats(-800, 800), st.floats(-40, 40)),
)
def test_bce_with_logits_within_a_few_ulp_of_mpmath(y, z):
    # in ulp of float64, so a subnormal or zero result is judged in units of
    # the smallest subnormal (absolute accuracy)
    assert reference.max_ulp_error(_bce_per_element, [y], [z]) <= 4


def test_with_logits_peaks_at_four_arrays_of_the_input():
    """The memory target of `make bench`, checked on every run: validation
    and the loss together allocate at most four arrays of the input's size
    (NumPy reuses temporaries only in the order the formula is written)."""
    import tracemalloc

    n = 100_000
    rng = np.random.default_rng(0)
    z = rng.normal(0.0, 3.0, n)
    y = (rng.random(n) < 0.5).astype(np.float64)
    tracemalloc.start()
    try:
        lossbook.binary_cross_entropy_with_logits(y, z)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak / z.nbytes <= 4.05
