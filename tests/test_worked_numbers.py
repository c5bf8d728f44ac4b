"""The worked numbers of the seed documents, as the book states them.

Each expected value below is the one printed in the syllabus (../shared/seeds),
not a value copied from lossbook's output.  Each is checked twice: computed
through lossbook, and as the value the chapter glues into its text.
"""

import numpy as np
import pytest

import lossbook
from tests.notebooks import assert_seed_number, glued_number
from tools.book import ROOT

LOG_LOSS = ROOT / "book" / "log-loss.ipynb"

bce = lossbook.binary_cross_entropy

# (glue name in the chapter, value from the seeds, decimals, computed through lossbook)
LOG_LOSS_NUMBERS = [
    ("ll_a09", 0.105, 3, lambda: bce([1], [0.9])),
    ("ll_a06", 0.511, 3, lambda: bce([1], [0.6])),
    ("ll_a01", 2.303, 3, lambda: bce([1], [0.1])),
    ("ll_y0_a02", 0.223, 3, lambda: bce([0], [0.2])),
    ("batch_mean", 0.280, 3, lambda: bce([1, 1, 0], [0.9, 0.6, 0.2])),
    ("ll_y0_a099", 4.605, 3, lambda: bce([0], [0.99])),
    ("rain_right", 0.01, 2, lambda: bce([1], [0.99])),
    ("rain_wrong", 4.6, 1, lambda: bce([0], [0.99])),
    ("mse_y0_a099", 0.98, 2, lambda: lossbook.mse([0.0], [0.99])),
]


@pytest.mark.parametrize("name, seed_value, decimals, compute", LOG_LOSS_NUMBERS,
                         ids=[n[0] for n in LOG_LOSS_NUMBERS])
def test_log_loss_chapter_number(name, seed_value, decimals, compute):
    assert_seed_number(LOG_LOSS, name, seed_value, decimals, compute)


def test_sklearn_style_log_loss_gives_the_batch_mean():
    assert round(lossbook.log_loss([1, 1, 0], [0.9, 0.6, 0.2]), 3) == 0.280


def test_logarithms_chapter_underflow_demo():
    path = ROOT / "book" / "logarithms.ipynb"
    assert glued_number(path, "prod_probs") == 0.0
    assert np.isfinite(glued_number(path, "sum_log_probs"))
    assert glued_number(path, "sum_log_probs") < np.log(np.finfo(np.float64).smallest_subnormal)
    assert round(glued_number(path, "bits_per_nat"), 3) == 1.443
