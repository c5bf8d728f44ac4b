"""The Logarithms chapter's numbers: the product of many probabilities
underflows while the sum of their logarithms does not."""

import numpy as np

from tests.notebooks import glued_number
from tools.book import ROOT

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
