"""lossbook.focal: sigmoid_focal_loss.

Hand-computed values (derived on paper in the comments), logits of -inf,
error messages, hypothesis properties, then torchvision's formula (via
tests/reference/torch_reference.json) and optax's test cases.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lossbook
from lossbook import gradients
from tests.helpers import (
    LN2,
    PROPERTY,
    assert_matches_pytorch,
    case_id,
    logit,
    paired,
    probability,
    raises,
    torch_cases,
)

# --------------------------------------------------------------- values


def test_focal_hand_values():
    # z = 0: p_t = 1/2, CE = ln 2, factor (1/2)^gamma
    assert lossbook.sigmoid_focal_loss([1], [0.0]) == pytest.approx(
        0.25 * LN2, rel=1e-15
    )
    assert lossbook.sigmoid_focal_loss(
        [1], [0.0], alpha=0.25
    ) == pytest.approx(0.0625 * LN2, rel=1e-15)
    assert lossbook.sigmoid_focal_loss(
        [0], [0.0], alpha=0.25
    ) == pytest.approx(0.1875 * LN2, rel=1e-15)
    assert lossbook.sigmoid_focal_loss([1], [0.0], gamma=0.5) == pytest.approx(
        math.sqrt(0.5) * LN2, rel=1e-15
    )
    # z = ln 9 (p = 0.9), y = 1: 0.1^2 * -ln 0.9
    assert lossbook.sigmoid_focal_loss([1], [math.log(9)]) == pytest.approx(
        0.01 * -math.log(0.9), rel=1e-13
    )


def test_focal_gamma_zero_is_cross_entropy():
    y = np.array([1.0, 0.0, 0.3, 1.0])
    z = np.array([2.0, -3.0, 0.5, -40.0])
    np.testing.assert_allclose(
        lossbook.sigmoid_focal_loss(y, z, gamma=0.0, reduction="none"),
        lossbook.binary_cross_entropy_with_logits(y, z, reduction="none"),
        rtol=1e-15,
    )


def test_focal_finite_for_large_logits_and_small_gamma():
    z = np.array([-200.0, 200.0, -200.0, 200.0, 1e4, -1e4])
    y = np.array([1.0, 0.0, 0.0, 1.0, 0.0, 1.0])
    for gamma in (0.0, 0.3, 1.0, 2.0):
        losses = lossbook.sigmoid_focal_loss(
            y, z, gamma=gamma, reduction="none"
        )
        assert np.all(np.isfinite(losses))
        np.testing.assert_allclose(
            losses[[0, 1, 4, 5]], [200.0, 200.0, 1e4, 1e4], rtol=1e-15
        )
        assert np.all(
            np.isfinite(gradients.sigmoid_focal_loss(y, z, gamma=gamma))
        )


# --------------------------------------------------------------- -inf


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0])
@pytest.mark.parametrize(
    "alpha, expected",
    [
        (None, [0.0, np.inf, np.inf]),
        # alpha_t = 0 for y = 1: no loss even where CE is infinite
        (0.0, [0.0, 0.0, np.inf]),
        (1.0, [0.0, np.inf, np.inf]),
        (0.25, [0.0, np.inf, np.inf]),
    ],
)
def test_focal_at_minus_infinity_gives_the_limits(gamma, alpha, expected):
    # z = -inf: q = 1 - p_t = y, CE = 0 for y = 0 and inf for y > 0, so the
    # loss alpha_t y^gamma CE is 0 or inf; never NaN.  (torchvision's
    # sigmoid_focal_loss gives NaN for all of them: a documented difference.)
    y, z = np.array([0.0, 1.0, 0.3]), np.full(3, -np.inf)
    with np.errstate(all="raise"):
        got = lossbook.sigmoid_focal_loss(
            y, z, gamma=gamma, alpha=alpha, reduction="none"
        )
    np.testing.assert_array_equal(got, expected)


def test_focal_with_gamma_zero_is_cross_entropy_at_minus_infinity():
    y, z = np.array([0.0, 1.0, 0.3, 1.0]), np.array([-np.inf] * 3 + [2.0])
    np.testing.assert_array_equal(
        lossbook.sigmoid_focal_loss(y, z, gamma=0.0, reduction="none"),
        lossbook.binary_cross_entropy_with_logits(y, z, reduction="none"),
    )


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.sigmoid_focal_loss([1], [0.5], gamma=-0.5),
            r"^gamma must lie in \[0, inf\], got -0.5",
        ),
        (
            lambda: lossbook.sigmoid_focal_loss([1], [0.5], alpha=1.5),
            r"^alpha must lie in \[0, 1\], got 1.5",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- properties


@PROPERTY
@given(
    paired(probability, logit),
    st.floats(0, 6),
    st.one_of(st.none(), st.floats(0, 1)),
)
def test_focal_nonnegative_finite_and_below_weighted_ce(data, gamma, alpha):
    y, z = data
    focal = lossbook.sigmoid_focal_loss(
        y, z, gamma=gamma, alpha=alpha, reduction="none"
    )
    ce = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    assert np.all(np.isfinite(focal)) and np.all(focal >= 0)
    assert np.all(focal <= ce * (1 + 1e-15))


# --------------------------------------------------------------- peers


TORCH_CASES = torch_cases("sigmoid_focal_loss")


@pytest.mark.parametrize(
    "case", TORCH_CASES, ids=[case_id(c) for c in TORCH_CASES]
)
def test_matches_pytorch(case):
    assert_matches_pytorch(case)


def test_optax_focal_large_logit_ratio():
    # SigmoidFocalLossTest.test_large_logit_fl_less_than_ce: with gamma = 2 and
    # alpha = 0.5, CE / FL = 2 / (1 - sigma(z))^2 for positives
    z = lossbook.logit(np.array([0.9, 0.98, 0.3, 0.99]))
    y = np.ones(4)
    ratio = lossbook.binary_cross_entropy_with_logits(
        y, z, reduction="none"
    ) / lossbook.sigmoid_focal_loss(y, z, gamma=2, alpha=0.5, reduction="none")
    np.testing.assert_allclose(
        ratio, 2.0 / (1.0 - np.array([0.9, 0.98, 0.3, 0.99])) ** 2, rtol=1e-10
    )


def test_optax_focal_alpha_extremes():
    # test_ignore_positive / test_ignore_negative / test_alpha_one
    z = np.array([[2.0, 0.1, -2.0], [0.3, -0.1, 1.2]])
    y = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    ce = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    alpha0 = lossbook.sigmoid_focal_loss(y, z, alpha=0.0, reduction="none")
    alpha1 = lossbook.sigmoid_focal_loss(y, z, alpha=1.0, reduction="none")
    assert np.all(alpha0[y == 1] == 0) and np.all(alpha0[y == 0] > 0)
    assert np.all(alpha1[y == 0] == 0) and np.all(alpha1[y == 1] > 0)
    np.testing.assert_allclose(
        lossbook.sigmoid_focal_loss(
            y, z, gamma=0.0, alpha=1.0, reduction="none"
        ),
        ce * y,
        rtol=1e-14,
    )


def test_optax_focal_extreme_logits_finite_gradients():
    # test_extreme_logits_finite_gradients: gamma = 0.5, soft labels
    z = np.array([100.0, -100.0, 75.0, -75.0, 50.0, -50.0])
    y = np.array([0.9, 0.1, 0.8, 0.2, 1.0, 0.0])
    assert np.isfinite(
        lossbook.sigmoid_focal_loss(y, z, gamma=0.5, reduction="sum")
    )
    assert np.all(np.isfinite(gradients.sigmoid_focal_loss(y, z, gamma=0.5)))
