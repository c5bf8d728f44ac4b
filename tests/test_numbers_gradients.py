"""The worked numbers of the Gradients chapter.

The syllabus's update for x = [2, 1], y = 1, a = 0.3, which gives a - y = -0.7
and dL/dw = [-1.4, -0.7], is checked by tests/test_syllabus.py (syllabus.yml);
its finite-difference check is here.  At a confident mistake,
a = 0.99 with y = 0, the log-loss gradient with respect to the logit is 0.99
and the squared-error one (p - y) p (1 - p) is 0.99 * 0.99 * 0.01, about
0.0098 (the syllabus's "almost zero", for the loss (1/2)(a - y)^2).  Each is checked through
lossbook and as the value the chapter glues into its text.
"""

import math

import numpy as np
import pytest

import lossbook
from tests.notebooks import glued_number
from tools.toc import ROOT

GRADIENTS = ROOT / "book" / "gradients.ipynb"

bce_grad = lossbook.gradients.binary_cross_entropy_with_logits


def confident_mistake_grad_bce():
    return float(bce_grad([0.0], lossbook.logit([0.99]))[0])


def confident_mistake_grad_half_squared_error():
    a = 0.99
    # d/dz of (1/2)(a - y)^2 = (1/2) * d(a - y)^2/da * da/dz, with da/dz = a(1 - a)
    return 0.5 * float(lossbook.gradients.mse([0.0], [a])[0]) * a * (1 - a)


# (glue name in the chapter, value derived by hand, decimals, computed through lossbook)
GRADIENT_NUMBERS = [
    ("grad_bce_confident_wrong", 0.99, 2, confident_mistake_grad_bce),
    (
        "grad_mse_confident_wrong",
        0.0098,
        4,
        confident_mistake_grad_half_squared_error,
    ),
]


@pytest.mark.parametrize(
    "name, expected, decimals, compute",
    GRADIENT_NUMBERS,
    ids=[n[0] for n in GRADIENT_NUMBERS],
)
def test_gradients_chapter_number(name, expected, decimals, compute):
    assert round(compute(), decimals) == expected
    assert round(glued_number(GRADIENTS, name), decimals) == expected


def test_worked_gradients_match_finite_differences():
    """The syllabus's update, checked on the loss itself rather than on the gradient formula."""
    x, b = np.array([2.0, 1.0]), float(lossbook.logit(0.3))

    def loss(w):
        return lossbook.binary_cross_entropy_with_logits(
            [1.0], [w @ x + b], reduction="sum"
        )

    np.testing.assert_allclose(
        lossbook.numerical_gradient(loss, np.zeros(2)), [-1.4, -0.7], atol=1e-6
    )


def test_confident_mistake_gradients_match_finite_differences():
    z = lossbook.logit(np.array([0.99]))
    log_loss = lossbook.numerical_gradient(
        lambda t: lossbook.binary_cross_entropy_with_logits(
            [0.0], t, reduction="sum"
        ),
        z,
    )
    half_squared = lossbook.numerical_gradient(
        lambda t: (
            0.5 * lossbook.mse([0.0], lossbook.sigmoid(t), reduction="sum")
        ),
        z,
    )
    # 0.99 and 0.99 * 0.99 * 0.01 = 0.009801, by hand
    assert log_loss[0] == pytest.approx(0.99, abs=1e-6)
    assert half_squared[0] == pytest.approx(0.009801, abs=1e-6)


def test_soft_target_optimum_is_ln_9():
    """The syllabus: for a target of 0.9 the best logit is ln 9."""
    assert round(glued_number(GRADIENTS, "soft_best_logit"), 6) == round(
        np.log(9), 6
    )


def test_from_scratch_training_matches_lossbook():
    """The chapter's loop and lossbook.LogisticRegression end at the same loss."""
    assert glued_number(GRADIENTS, "scratch_loss_final") == pytest.approx(
        glued_number(GRADIENTS, "lossbook_loss_final"), abs=1e-9
    )
    assert glued_number(GRADIENTS, "scratch_loss_final") < np.log(2)


def test_squared_error_stalls_where_log_loss_does_not():
    # after 100 epochs from the bad start, squared error has recovered less than
    # 10 % of its loss, while log loss is already near its optimum after 2 epochs
    assert glued_number(GRADIENTS, "stall_se_epoch100") > 0.9 * glued_number(
        GRADIENTS, "stall_se_start"
    )
    assert glued_number(GRADIENTS, "stall_ll_epoch2") < 1.25 * glued_number(
        GRADIENTS, "scratch_loss_final"
    )
    assert glued_number(GRADIENTS, "stall_se_escape") > 100


def test_second_update_exercise():
    """x = [1, -2], y = 0, a = 0.8: by hand a - y = 0.8 and dL/dw = 0.8 [1, -2]."""
    assert round(glued_number(GRADIENTS, "ex_update_error"), 1) == 0.8
    assert round(glued_number(GRADIENTS, "ex_update_grad_w1"), 1) == 0.8
    assert round(glued_number(GRADIENTS, "ex_update_grad_w2"), 1) == -1.6


def test_peak_of_the_squared_error_gradient():
    """g(a) = a^2 (1 - a) peaks at a = 2/3 with g = 4/27 (g'(a) = a(2 - 3a));
    log loss there sends back a - y = 2/3, that is (2/3) / (4/27) = 4.5 times more."""
    assert glued_number(GRADIENTS, "mse_peak_value") == pytest.approx(
        4 / 27, abs=1e-6
    )
    assert round(glued_number(GRADIENTS, "mse_peak_ratio"), 1) == 4.5


def test_squared_error_gradient_is_far_smaller_at_z_8():
    """At z = 8, a / (2a a(1 - a)) = 1 / (2 sigma(8) sigma(-8)) = (1 + e^8)^2 / (2 e^8)
    = 2 cosh(4)^2, about 1491: the chapter's 'about ... times smaller'."""
    expected = 2 * math.cosh(4) ** 2
    assert round(expected) == 1491
    assert glued_number(GRADIENTS, "stall_grad_ratio_z8") == pytest.approx(
        expected, rel=1e-9
    )
