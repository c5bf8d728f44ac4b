"""lossbook.reference: the exact binary cross-entropy and errors in ulp.

Values against constants and expansions derived by hand (the digits of
ln 2, the series log(1 + x) = x - x²/2 + ..., the exact binary value of a
double from ``fractions``), then the errors in ulp, the error messages, and
that mpmath's global precision is never changed.
"""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import lossbook
from lossbook import reference
from tests.helpers import raises

# ln 2 to 100 decimals (the published expansion, OEIS A002162)
LN2_DIGITS = (
    "0.6931471805599453094172321214581765680755"
    "001343602552541206800094933936219696947156058633269964186875"
)
LN2 = Fraction(LN2_DIGITS)


def exactly(value):
    """An mpmath number (mantissa times a power of 2) as an exact fraction."""
    mantissa, exponent = value.man_exp
    return Fraction(int(mantissa)) * Fraction(2) ** int(exponent)


# --------------------------------------------------------------- values


def test_log_2_at_logit_zero_for_any_target():
    values = reference.binary_cross_entropy_with_logits(
        [1.0, 0.0, 0.3], [0.0, 0.0, 0.0]
    )
    for value in values:
        assert abs(exactly(value) - LN2) < Fraction(1, 10**59)


def test_digits_sets_the_precision():
    (fine,) = reference.binary_cross_entropy_with_logits([1], [0], digits=100)
    (coarse,) = reference.binary_cross_entropy_with_logits([1], [0], digits=20)
    assert abs(exactly(fine) - LN2) < Fraction(1, 10**99)
    assert (
        Fraction(1, 10**40) < abs(exactly(coarse) - LN2) < Fraction(1, 10**19)
    )


def test_tiny_loss_is_e_to_the_minus_60_to_many_digits():
    # log(1 + x) = x - x²/2 + x³/3 - ... with x = e^{-60}: the loss equals
    # e^{-60} to 26 digits, and the next term -x²/2 is resolved as well
    (loss,) = reference.binary_cross_entropy_with_logits([0.0], [-60.0])
    with mpmath.workdps(60):
        x = mpmath.exp(-60)
        assert abs(loss / x - 1) < mpmath.mpf("1e-26")
        assert abs((loss - x) / x**2 + mpmath.mpf(1) / 2) < mpmath.mpf("1e-20")
    assert float(loss) == pytest.approx(math.exp(-60), rel=1e-15)


def test_large_logits():
    # loss(0, 700) = 700 + log(1 + e^{-700}), 700 to 60 digits;
    # loss(1, 700) = log(1 + e^{-700}), about e^{-700}
    big, small = reference.binary_cross_entropy_with_logits(
        [0.0, 1.0], [700.0, 700.0]
    )
    assert exactly(big) == 700
    assert float(small) == pytest.approx(math.exp(-700), rel=1e-15)


def test_symmetry_of_the_labels():
    z = np.array([-30.0, -1.5, 0.25, 12.0])
    ones = reference.binary_cross_entropy_with_logits(np.ones(4), z)
    zeros = reference.binary_cross_entropy_with_logits(np.zeros(4), -z)
    assert ones == zeros


def test_float32_logits_are_taken_exactly():
    # float32(0.1) is 13421773 / 2^27, not 1/10
    z32 = np.float32(0.1)
    assert Fraction(float(z32)) == Fraction(13421773, 2**27)
    (from32,) = reference.binary_cross_entropy_with_logits([1.0], [z32])
    with mpmath.workdps(60):
        exact = mpmath.log1p(mpmath.exp(-mpmath.mpf(13421773) / 2**27))
        assert abs(from32 - exact) < mpmath.mpf("1e-58")
    (from64,) = reference.binary_cross_entropy_with_logits([1.0], [0.1])
    assert from32 != from64


# --------------------------------------------------------------- ulp


def test_ulp_errors_of_neighbouring_doubles():
    # the double nearest ln 2 and its two neighbours, in ulp = 2^-53 there
    exact = reference.binary_cross_entropy_with_logits([1, 1, 1], [0, 0, 0])
    x = math.log(2)
    neighbours = [x, math.nextafter(x, 1), math.nextafter(x, 0)]
    expected = [
        float(abs(Fraction(v) - LN2) * 2**53) for v in neighbours
    ]  # 0.21, 0.79 and 1.21
    errors = reference.ulp_errors(neighbours, exact)
    np.testing.assert_allclose(errors, expected, rtol=1e-12)
    assert errors[1] == pytest.approx(1 - errors[0], rel=1e-12)
    assert errors[2] == pytest.approx(1 + errors[0], rel=1e-12)


def test_ulp_errors_in_float32():
    # ulp of float32 in [0.5, 1) is 2^-24
    exact = reference.binary_cross_entropy_with_logits([1, 1], [0, 0])
    x = np.float32(math.log(2))  # 0.693147182..., above ln 2
    down = np.nextafter(x, np.float32(0))
    expected = [
        float(abs(Fraction(float(v)) - LN2) * 2**24) for v in (x, down)
    ]
    errors = reference.ulp_errors([x, down], exact, np.float32)
    np.testing.assert_allclose(errors, expected, rtol=1e-12)
    assert errors[0] < 0.5 < errors[1] < 1


def test_ulp_errors_of_values_that_are_not_finite():
    exact = reference.binary_cross_entropy_with_logits([1, 1], [0, 0])
    errors = reference.ulp_errors([np.inf, np.nan], exact)
    assert np.all(errors == np.inf)


def test_max_ulp_error_of_the_forms():
    y, z = np.array([0.0, 1.0, 0.0, 1.0]), np.array([-60.0, 60.0, 3.0, -2.0])

    def library(y, z):
        return lossbook.binary_cross_entropy_with_logits(
            y, z, reduction="none"
        )

    def naive(y, z):
        s = 1 / (1 + np.exp(-z))
        with np.errstate(divide="ignore", invalid="ignore"):
            return -(y * np.log(s) + (1 - y) * np.log(1 - s))

    def rounded(y, z):
        exact = reference.binary_cross_entropy_with_logits(y, z)
        return np.array([float(v) for v in exact], dtype=y.dtype)

    assert reference.max_ulp_error(library, y, z) <= 4
    assert reference.max_ulp_error(library, y, z, np.float32) <= 4
    assert reference.max_ulp_error(rounded, y, z) <= 0.5
    # naive: 1 - sigma(-60) rounds to 1, log gives 0 for a loss of 8.8e-27,
    # an error of the whole value, about 2^52 ulp
    assert 2**50 < reference.max_ulp_error(naive, [0.0], [-60.0]) < 2**54
    # and where it is not finite (0 times log 0 for y = 1, z = 60), inf
    assert reference.max_ulp_error(naive, [1.0], [60.0]) == np.inf


def test_max_ulp_error_casts_to_the_dtype():
    seen = []

    def form(y, z):
        seen.append((y.dtype, z.dtype))
        return lossbook.binary_cross_entropy_with_logits(
            y, z, reduction="none"
        )

    reference.max_ulp_error(form, [1.0], [0.5], np.float32)
    assert seen == [(np.float32, np.float32)]


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: reference.binary_cross_entropy_with_logits(
                [1, 0], [0.0, 1.0, 2.0]
            ),
            r"^y_true and logits must have the same size, got 2 and 3",
        ),
        (
            lambda: reference.ulp_errors(
                [0.5, 0.5],
                reference.binary_cross_entropy_with_logits([1], [0]),
            ),
            r"^computed has 2 values but exact has 1",
        ),
        (
            lambda: reference.binary_cross_entropy_with_logits(
                [1], [0], digits=0
            ),
            r"^digits must lie in \[1, inf\]",
        ),
        (
            lambda: reference.binary_cross_entropy_with_logits(
                [1], [0], digits=30.5
            ),
            r"^digits must be an integer",
        ),
        (
            lambda: reference.binary_cross_entropy_with_logits([2], [0]),
            r"^y_true must lie in \[0, 1\]",
        ),
        (
            lambda: reference.binary_cross_entropy_with_logits([1], [np.nan]),
            r"^logits contains NaN",
        ),
    ],
)
def test_bad_input(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- precision


def test_global_precision_is_left_alone():
    saved = mpmath.mp.dps
    try:
        mpmath.mp.dps = 25
        y, z = np.array([0.0, 1.0]), np.array([-60.0, 3.0])
        exact = reference.binary_cross_entropy_with_logits(y, z, digits=100)
        assert mpmath.mp.dps == 25
        reference.ulp_errors([0.0, 0.05], exact)
        assert mpmath.mp.dps == 25
        reference.max_ulp_error(
            lambda y, z: lossbook.binary_cross_entropy_with_logits(
                y, z, reduction="none"
            ),
            y,
            z,
        )
        assert mpmath.mp.dps == 25
        # and the values were computed at 100 digits (332 bits), not at 25
        assert int(exact[1].man_exp[0]).bit_length() > 300
    finally:
        mpmath.mp.dps = saved
