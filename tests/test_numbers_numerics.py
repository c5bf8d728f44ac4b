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
from tools.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "numerics.ipynb"
BENCHMARK = ROOT / "book" / "data" / "benchmark.json"


def glued(name):
    return glued_number(CHAPTER, name)


def textbook(y, z):
    """The chapter's textbook form, (1 - y) z - log sigma(z)."""
    return (1 - y) * z - lossbook.log_sigmoid(z)


def test_machine_epsilon_is_two_to_the_minus_52():
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


def test_predicted_threshold_and_the_loss_there():
    assert math.isclose(glued("textbook_zero_pred"), THRESHOLD, rel_tol=1e-11)
    # the exact loss at the last zero is log(1 + e**z), about e**z
    z = glued("textbook_zero_z")
    assert math.isclose(glued("tiny_at_zero"), math.exp(z), rel_tol=1e-9)
    assert f"{glued('tiny_at_zero'):.0e}" == "4e-15"


def naive(y, z):
    s = 1 / (1 + np.exp(-z))
    return -(y * np.log(s) + (1 - y) * np.log(1 - s))


def test_naive_form_fails_without_overflow_in_float64():
    # z = 40: sigma rounds to 1 (e**-40 is far below half the spacing 2**-53
    # of floats next to 1), then log(1 - 1) = -inf for label 0 and
    # 0 * log 0 = nan for label 1; no exp overflows
    assert math.exp(-40) < 2.0**-53
    with np.errstate(divide="ignore", invalid="ignore"):
        with np.errstate(over="raise"):
            loss = naive(np.array([0.0, 1.0]), np.array([40.0, 40.0]))
    assert loss[0] == np.inf and np.isnan(loss[1])


def test_float32_exp_overflows_below_minus_88_7():
    # the largest float32 is (2 - 2**-23) 2**127, so ln of it is
    # 128 ln 2 + ln(1 - 2**-24)
    largest = 128 * math.log(2) + math.log1p(-(2.0**-24))
    assert math.isclose(glued("exp_overflow32"), -largest, rel_tol=1e-6)


def test_float32_textbook_zero_is_minus_21_ln_2():
    # floats in [8, 16) are 2**3 * 2**-23 = 2**-20 apart in float32; the sum
    # |z| + e**z rounds back to |z| once e**z < 2**-21: z < -21 ln 2 = -14.556
    threshold32 = -21 * math.log(2)
    assert math.isclose(glued("ex_num_f32_pred"), threshold32, rel_tol=1e-6)
    z = glued("ex_num_f32_scan")
    assert threshold32 - 0.011 <= z <= threshold32
    assert round(z, 2) == -14.56
    assert math.isclose(
        glued("ex_num_f32_p"), 1 / (1 + math.exp(-z)), rel_tol=1e-9
    )


def test_textbook_relative_errors_stay_below_the_spacing_bound():
    # bound: half the spacing of floats near |z|, divided by the loss e**z
    for z, name in ((-10.0, "ex_num_rel_10"), (-30.0, "ex_num_rel_30")):
        bound = math.ulp(abs(z)) / 2 / math.exp(z)
        assert 0 < glued(name) <= bound
    assert glued("ex_num_rel_30") > 1e-3  # only the first two digits are right


def test_naive_label_1_error_bound():
    # 2**-53 e**20, worked from the spacing of floats just below 1
    assert math.isclose(
        glued("ex_num_label1_pred"), 2.0**-53 * math.exp(20), rel_tol=1e-9
    )


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


def test_benchmark_ratio_ranges_over_every_size():
    """The prose quotes the ranges over 10**3 to 10**7, recomputed here from
    the stored run: from logits against naive, and scikit-learn against
    lossbook.log_loss."""
    bench = json.loads(BENCHMARK.read_text())
    sizes = bench["sizes"]
    s = bench["seconds"]
    from_logits = [
        a / b
        for a, b in zip(
            s["lossbook.binary_cross_entropy_with_logits"],
            s["naive numpy"],
            strict=True,
        )
    ]
    over_sklearn = [
        a / b
        for a, b in zip(
            s["sklearn.metrics.log_loss"], s["lossbook.log_loss"], strict=True
        )
    ]
    for name, value in (
        ("logits_vs_naive_min", min(from_logits)),
        ("logits_vs_naive_max", max(from_logits)),
        ("sklearn_vs_lossbook_min", min(over_sklearn)),
        ("sklearn_vs_lossbook_max", max(over_sklearn)),
    ):
        assert math.isclose(glued(name), value, rel_tol=1e-9)
    worst = sizes[from_logits.index(max(from_logits))]
    assert glued("logits_vs_naive_worst_n") == worst
    # the prose: the ratio at 10**6 is the smallest ("its best showing")
    assert min(from_logits) == from_logits[sizes.index(10**6)]
    assert min(over_sklearn) > 1  # lossbook is faster at every size


def test_stored_float32_worst_error_is_above_one_ulp():
    """The float32/float64 exercise: the stored run's worst float32 error of
    lossbook is within the 4-ulp bound but above 1 ulp, so it cannot decide
    the exercise's question on its own."""
    bench = json.loads(BENCHMARK.read_text())
    worst = bench["max_ulp_error_over_logits_-700_to_700"]["lossbook float32"]
    assert math.isclose(glued("bench_max_ulp32"), worst, rel_tol=1e-12)
    assert 1 < worst <= 4
