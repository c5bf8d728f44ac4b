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
from tools.book import ROOT

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
