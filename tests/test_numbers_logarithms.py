"""The Logarithms chapter's numbers: the product of many probabilities
underflows while the sum of their logarithms does not; decibels and the
doublings that make a terabyte."""

import math

import numpy as np

from tests.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "logarithms.ipynb"


def test_underflow_demo():
    assert glued_number(CHAPTER, "prod_probs") == 0.0
    assert np.isfinite(glued_number(CHAPTER, "sum_log_probs"))
    tiniest = np.log(np.finfo(np.float64).smallest_subnormal)
    assert glued_number(CHAPTER, "sum_log_probs") < tiniest
    # one nat is 1 / ln 2 bits, by hand
    assert round(glued_number(CHAPTER, "bits_per_nat"), 3) == round(
        1 / np.log(2), 3
    )


def test_decibels_of_a_million():
    # 10 log10(10^6) = 10 * 6 dB, by the definition of the decibel
    assert glued_number(CHAPTER, "db_million") == 60


def test_a_terabyte_is_not_a_whole_number_of_doublings():
    # a terabyte is 10^12 bytes (SI prefix tera), so it takes
    # log2(10^12) = 12 ln 10 / ln 2 = 12 * 3.3219... = 39.863 doublings;
    # only a tebibyte, 2^40 bytes, takes exactly 40
    doublings = glued_number(CHAPTER, "doublings_tb")
    assert round(doublings, 2) == round(12 * math.log(10) / math.log(2), 2)
    assert round(doublings, 2) == 39.86
    assert doublings < 40
