"""The worked numbers of the label-smoothing chapter.

The syllabus (syllabus.yml, from 003_b4dc67752fdc2306.txt) says that hard 0/1 targets push the
logit to plus or minus infinity, that label smoothing asks for 0.9 and 0.1
instead, and that the optimal logit for the target 0.9 is ln 9 (about 2.197).
Each value is checked through lossbook and as the value the chapter glues.
"""

import math

import numpy as np
import pytest

import lossbook
from tests.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "label-smoothing.ipynb"


def test_smoothing_02_gives_targets_09_and_01():
    targets = lossbook.smooth_labels(np.array([1, 0]), 0.2)
    np.testing.assert_allclose(targets, [0.9, 0.1])
    assert round(glued_number(CHAPTER, "ls_target_neg"), 1) == 0.1


def test_label_smoothing_argument_means_targets_09_and_01():
    z = np.array([2.0, -0.5, 7.0, -3.0])
    y = np.array([1, 0, 1, 0])
    smoothed = lossbook.binary_cross_entropy_with_logits(
        y, z, label_smoothing=0.2
    )
    soft = lossbook.binary_cross_entropy_with_logits([0.9, 0.1, 0.9, 0.1], z)
    assert smoothed == pytest.approx(soft, rel=1e-12)


def test_ln_9_through_lossbook():
    assert float(lossbook.logit(0.9)) == pytest.approx(math.log(9), rel=1e-12)
    # The gradient of the smoothed loss vanishes there, and the loss is larger on either side.
    assert lossbook.gradients.binary_cross_entropy_with_logits(
        [0.9], [math.log(9)]
    )[0] == pytest.approx(0, abs=1e-12)
    loss = [
        lossbook.binary_cross_entropy_with_logits(
            [1], [z], label_smoothing=0.2
        )
        for z in (math.log(9) - 0.01, math.log(9), math.log(9) + 0.01)
    ]
    assert loss[1] < loss[0] and loss[1] < loss[2]


def test_loss_floor_is_the_entropy_of_the_target():
    # -[0.9 ln 0.9 + 0.1 ln 0.1], worked by hand
    floor = -(0.9 * math.log(0.9) + 0.1 * math.log(0.1))
    assert glued_number(CHAPTER, "min_loss_smoothed") == pytest.approx(
        floor, rel=1e-9
    )


def test_hard_targets_push_the_logits_out():
    # the syllabus: with hard targets the logits head for infinity; with 0.9/0.1 they stay finite
    assert glued_number(CHAPTER, "hard_grad_z10") < 0
    hard = [
        glued_number(CHAPTER, f"sep_norm_hard_{k}")
        for k in ("10", "100", "1k", "end")
    ]
    assert hard == sorted(hard) and hard[-1] > 1.5 * hard[-2]
    assert glued_number(CHAPTER, "sep_logit_hard_end") > glued_number(
        CHAPTER, "sep_logit_smooth_end"
    )
    assert glued_number(CHAPTER, "sep_norm_smooth_end") == pytest.approx(
        glued_number(CHAPTER, "sep_norm_smooth_100"), rel=0.05
    )


def test_hard_target_loss_and_gradient_at_z10():
    # log(1 + e^-10) and sigma(10) - 1 = -e^-10 / (1 + e^-10), worked by hand:
    # both about 4.54 x 10^-5 in size, shown with two significant digits
    e = math.exp(-10.0)
    assert glued_number(CHAPTER, "hard_loss_z10") == pytest.approx(
        math.log1p(e), rel=1e-9
    )
    assert glued_number(CHAPTER, "hard_grad_z10") == pytest.approx(
        -e / (1 + e), rel=1e-9
    )
    assert f"{glued_number(CHAPTER, 'hard_loss_z10'):.1e}" == "4.5e-05"


def test_probability_gap_is_that_of_the_largest_logit():
    # 1 - sigma(z) = sigma(-z) = 1 / (1 + e^z) for the glued largest logit
    z = glued_number(CHAPTER, "sep_logit_hard_end")
    assert glued_number(CHAPTER, "sep_prob_gap") == pytest.approx(
        1 / (1 + math.exp(z)), rel=1e-9
    )


def test_toy_base_rate():
    # labels [0, 1, 1, 0, 1]: three positives out of five
    assert glued_number(CHAPTER, "toy_base_rate") == pytest.approx(3 / 5)


def test_optimal_logit_for_eps_01_is_ln_19():
    # t = 1 - 0.1/2 = 0.95, t / (1 - t) = 0.95 / 0.05 = 19
    assert round(glued_number(CHAPTER, "ex_ls_fraction")) == 19
    assert glued_number(CHAPTER, "ex_ls_z_star") == pytest.approx(
        math.log(19), rel=1e-9
    )
    assert float(lossbook.logit(0.95)) == pytest.approx(math.log(19))


def test_smoothed_predictions_run_beyond_the_targets():
    # the prose: the smoothed linear model's test predictions leave [0.1, 0.9]
    assert glued_number(CHAPTER, "smooth_p_min") < 0.1
    assert glued_number(CHAPTER, "smooth_p_max") > 0.9
