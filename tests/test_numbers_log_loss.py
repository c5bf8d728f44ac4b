"""The Log loss chapter's numbers beyond the syllabus entries (those are
checked by tests/test_syllabus.py against syllabus.yml)."""

import math

import lossbook
from tests import syllabus
from tests.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "log-loss.ipynb"


def test_sklearn_style_log_loss_gives_the_batch_mean():
    assert syllabus.matches(
        "batch_mean", lossbook.log_loss([1, 1, 0], [0.9, 0.6, 0.2])
    )


def test_a_logit_of_minus_40():
    # sigma(-40) = 1 / (1 + e^40) = e^-40 / (1 + e^-40), about 4.25e-18,
    # which the text shows as 4 x 10^-18
    sigma = glued_number(CHAPTER, "sigma_m40")
    assert math.isclose(sigma, 1 / (1 + math.exp(40)), rel_tol=1e-9)
    assert f"{sigma:.0e}" == "4e-18"
    # -log sigma(-40) = log(1 + e^40) = 40 + log(1 + e^-40): 40 to within 1e-17
    loss = glued_number(CHAPTER, "ll_logits_m40")
    assert abs(loss - 40) < 1e-12


def test_a_logit_of_minus_800():
    # e^-800 is far below the smallest float64 (about e^-744.4): it underflows
    assert glued_number(CHAPTER, "sigma_m800") == 0.0
    # the true loss, log(1 + e^800), is 800 to within e^-800
    assert glued_number(CHAPTER, "ll_logits_m800") == 800
    # from the probability 0 the loss is -log 0, clamped as in PyTorch's
    # F.binary_cross_entropy: each logarithm is at least -100
    assert glued_number(CHAPTER, "ll_prob_m800") == 100
