"""The numbers of the Numerics appendix.

Expected values are derived by hand from the float64 format (IEEE 754: 53
significant bits, so the machine epsilon is 2**-52 and floats in [32, 64) are
2**5 * 2**-52 = 2**-47 apart), from the definition of the loss (for label 0
and logit z the loss is log(1 + e**z)), from what ``make bench`` times
(benchmarks/bench.py: sizes 10**3 to 10**7, compared at 10**6), or recomputed
from the stored run book/data/benchmark.json by code independent of the
chapter's.  None is copied from the chapter's output.
"""

import json
import math

import numpy as np

import lossbook
from tests.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "numerics.ipynb"
BENCHMARK = ROOT / "book" / "data" / "benchmark.json"


def glued(name):
    return glued_number(CHAPTER, name)


def textbook(y, z):
    """The chapter's textbook form, (1 - y) z - log sigma(z)."""
    return (1 - y) * z - lossbook.log_sigmoid(z)


def test_machine_epsilon_is_two_to_the_minus_52():
    # stored to 12 significant digits by lossbook.notebook.glue
    assert math.isclose(glued("eps64"), 2.0**-52, rel_tol=1e-11)


def test_tiny_loss_at_logit_minus_60():
    # label 0, z = -60: log(1 + e**-60) = e**-60 - e**-120 / 2 + ..., and the
    # second term is 1e-26 times smaller than the first: e**-60 to 12 digits.
    expected = math.exp(-60)
    assert math.isclose(glued("tiny_exact"), expected, rel_tol=1e-11)
    loss = lossbook.binary_cross_entropy_with_logits(
        [0.0], [-60.0], reduction="none"
    )[0]
    assert math.isclose(loss, expected, rel_tol=1e-14)
    assert textbook(0.0, -60.0) == 0.0  # every digit lost, as the prose says


# Derived by hand.  For label 0 and z < 0 the textbook form computes
# z - log_sigmoid(z) = z + (|z| + log1p(e**z)), since log_sigmoid(z) is
# -softplus(-z) = -(|z| + log1p(e**z)).  For |z| in [32, 64) neighbouring
# floats are 2**-47 apart, so |z| + e**z rounds back to |z| (and the loss to
# exactly 0) once e**z < 2**-48, half that spacing: z < -48 ln 2 = -33.27.
# (Not -53 ln 2 = -36.74, the point where e**z drops below half the spacing
# of floats near 1: the sum is formed next to |z|, not next to 1.)
THRESHOLD = -48 * math.log(2)


def test_textbook_form_is_exactly_zero_below_minus_48_ln_2():
    assert math.ulp(33.0) == 2.0**-47
    z = glued("textbook_zero_z")
    # the chapter scans a grid of step 0.01: the last zero lies within a step
    assert THRESHOLD - 0.01 <= z <= THRESHOLD
    assert round(z, 1) == -33.3  # as the prose shows it, {glue:text}`:.1f`
    assert textbook(0.0, THRESHOLD - 0.01) == 0.0
    assert textbook(0.0, THRESHOLD + 0.01) > 0.0
    below = np.linspace(-700, THRESHOLD - 1e-9, 10001)
    assert np.all(textbook(np.zeros_like(below), below) == 0.0)


def test_benchmark_sizes_are_those_make_bench_times():
    assert glued("bench_n_min") == 10**3
    assert glued("bench_n_max") == 10**7
    assert glued("bench_n_compare") == 10**6


def test_benchmark_ratios_match_the_stored_run():
    bench = json.loads(BENCHMARK.read_text())
    at = bench["sizes"].index(10**6)
    t = {name: row[at] for name, row in bench["seconds"].items()}
    assert math.isclose(
        glued("logits_vs_naive"),
        t["lossbook.binary_cross_entropy_with_logits"] / t["naive numpy"],
        rel_tol=1e-9,
    )
    sklearn_ratio = t["sklearn.metrics.log_loss"] / t["lossbook.log_loss"]
    assert math.isclose(
        glued("sklearn_vs_lossbook"), sklearn_ratio, rel_tol=1e-9
    )
    assert sklearn_ratio > 1  # the prose says lossbook is the faster one
