"""The worked numbers of the chapter "Log loss in practice".

Expected values come from the syllabus (syllabus.yml; the forecaster's
-ln 0.99 ~ 0.01 and -ln 0.01 ~ 4.6 are checked there, by
tests/test_syllabus.py), from the entropy of a 50/50
world, ln 2 ~ 0.693, as the loss no model can avoid), from the documented
behaviour of the libraries (scikit-learn clips probabilities to
[eps, 1 - eps] with eps the dtype's machine epsilon, so p = 0 for a true
positive costs -ln(2**-52) ~ 36.04 in float64; PyTorch clamps each log at
-100, so at most 100), or from hand derivations (ln 2, the entropy of the
labels, the minimiser r = q of the expected log loss, the float32 / float64
saturation points from the number of significant bits).  None is copied from
lossbook's output.  Each is checked through lossbook and, where the chapter
states it, as the value the chapter glues into its text.
"""

import math

import numpy as np
import pytest

import lossbook
from tests.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "log-loss-in-practice.ipynb"

bce = lossbook.binary_cross_entropy


def glued(name):
    return glued_number(CHAPTER, name)


# -ln(eps) for float64 (eps = 2**-52) and float32 (eps = 2**-23), by hand.
CLIP64 = 52 * math.log(2)
CLIP32 = 23 * math.log(2)

# (glue name, expected value, decimals, computed through lossbook)
NUMBERS = [
    # documented scikit-learn clipping: p = 0 for a true positive -> -ln(float64 eps) ~ 36.04
    ("lp_clip64", 36.04, 2, lambda: lossbook.log_loss([1.0, 0.0], [0.0, 1.0])),
    # the same rule with float32 probabilities -> -ln(2**-23)
    (
        "lp_clip32",
        round(CLIP32, 2),
        2,
        lambda: lossbook.log_loss(
            [1.0, 0.0], np.array([0.0, 1.0], dtype=np.float32)
        ),
    ),
    # documented PyTorch clamp: each log at -100, so a certain mistake costs 100
    ("lp_clamp", 100.0, 6, lambda: bce([1.0, 0.0], [0.0, 1.0])),
    # class-prior baseline = entropy of the labels; ln 2 ~ 0.693 for balanced classes
    (
        "lp_baseline_balanced",
        0.693,
        3,
        lambda: lossbook.log_loss([1, 0] * 500, [0.5] * 1000),
    ),
    # hand derivation: H(0.3) and H(0.01)
    (
        "lp_baseline_30",
        round(-(0.3 * math.log(0.3) + 0.7 * math.log(0.7)), 3),
        3,
        lambda: lossbook.log_loss([1] * 300 + [0] * 700, [0.3] * 1000),
    ),
    (
        "lp_baseline_1pct",
        round(-(0.01 * math.log(0.01) + 0.99 * math.log(0.99)), 3),
        3,
        lambda: lossbook.log_loss([1] * 10 + [0] * 990, [0.01] * 1000),
    ),
    # proper scoring rule, by hand: belief q = 0.7 -> honest expected loss H(0.7),
    # claiming 99 % costs 0.7 (-ln 0.99) + 0.3 (-ln 0.01)
    (
        "lp_honest_07",
        round(-(0.7 * math.log(0.7) + 0.3 * math.log(0.3)), 3),
        3,
        lambda: bce([0.7], [0.7]),
    ),
    (
        "lp_claim99_07",
        round(-(0.7 * math.log(0.99) + 0.3 * math.log(0.01)), 3),
        3,
        lambda: bce([0.7], [0.99]),
    ),
    # one blunder: the true class got probability 1e-6 -> 6 ln 10
    (
        "lp_blunder_cost",
        round(6 * math.log(10), 3),
        3,
        lambda: bce([1], [1e-6]),
    ),
]


@pytest.mark.parametrize(
    "name, expected, decimals, compute", NUMBERS, ids=[n[0] for n in NUMBERS]
)
def test_log_loss_in_practice_number(name, expected, decimals, compute):
    assert round(compute(), decimals) == expected
    assert round(glued(name), decimals) == expected


def test_clip_value_is_minus_log_machine_epsilon():
    assert (
        round(-math.log(np.finfo(np.float64).eps), 2)
        == 36.04
        == round(CLIP64, 2)
    )
    assert round(-math.log(np.finfo(np.float32).eps), 4) == round(CLIP32, 4)


def test_lossbook_log_loss_matches_scikit_learn_at_the_clip():
    from sklearn.metrics import (
        log_loss as sklearn_log_loss,
    )  # a pinned test dependency

    y, p = [1, 0, 1], [0.0, 1.0, 0.8]
    assert math.isclose(
        lossbook.log_loss(y, p), sklearn_log_loss(y, p), rel_tol=1e-12
    )


def test_baseline_equals_entropy_of_the_labels():
    for prior in (0.5, 0.3, 0.1, 0.01):
        h = -(prior * math.log(prior) + (1 - prior) * math.log(1 - prior))
        labels = [1] * round(prior * 1000) + [0] * round((1 - prior) * 1000)
        assert math.isclose(
            lossbook.log_loss(labels, [prior] * 1000), h, rel_tol=1e-9
        )
    assert math.isclose(
        glued("lp_baseline_balanced"), math.log(2), rel_tol=1e-12
    )


# Derived values (no seed states them): the naive loss -log(1 - sigmoid(z)) of a
# label-0 sample is finite while 1 + exp(-z) still rounds above 1, i.e. while
# exp(-z) > 2**-p with p the significant bits (24 for float32, 53 for float64),
# so up to z = p ln 2: ~16.6 (float32) and ~36.7 (float64).  The chapter scans
# a grid of step 0.01, so its value lies within one step below p ln 2.
@pytest.mark.parametrize(
    "name, bits", [("lp_zfinite32", 24), ("lp_zfinite64", 53)]
)
def test_naive_formula_saturation_point(name, bits):
    assert bits * math.log(2) - 0.011 <= glued(name) <= bits * math.log(2)


@pytest.mark.parametrize(
    "name, dtype, bits",
    [("lp_zaccurate32", np.float32, 24), ("lp_zaccurate64", np.float64, 53)],
)
def test_naive_formula_accuracy_limit(name, dtype, bits):
    # Derived: near saturation 1 - sigmoid(z) ~ exp(-z) carries an absolute
    # rounding error of up to 2**-bits, so the loss (~ z) is off by about
    # 2**-bits * exp(z); that reaches 1 % of z near z = ln(0.01 z 2**bits).
    z_saturate = bits * math.log(2)
    z_rough = math.log(0.01 * z_saturate * 2.0**bits)
    assert glued(name) < glued(name.replace("accurate", "finite"))
    assert abs(glued(name) - z_rough) < 1.0
    # and the naive formula really is within 1 % there, and finite
    z = dtype(glued(name))
    with np.errstate(divide="ignore"):
        naive = float(-np.log(1 - lossbook.sigmoid(z)))
    exact = float(z) + math.log1p(math.exp(-float(z)))
    assert abs(naive - exact) <= 0.01 * exact and z < z_saturate


def test_logits_form_is_exact_beyond_saturation():
    for dtype in (np.float32, np.float64):
        for z in (20.0, 40.0, 1000.0):
            loss = lossbook.binary_cross_entropy_with_logits(
                np.zeros(1, dtype=dtype), np.full(1, z, dtype=dtype)
            )
            assert math.isclose(
                loss, z + math.log1p(math.exp(-z)), rel_tol=1e-6
            )


def test_honest_forecast_minimises_expected_log_loss():
    # r = q is the minimiser (set the derivative -q/r + (1-q)/(1-r) to zero)
    assert round(glued("lp_r_best"), 3) == 0.7


def test_weather_record_ranks_the_honest_forecaster_first():
    names = (
        "lp_wx_honest",
        "lp_wx_exaggerator",
        "lp_wx_climate",
        "lp_wx_hedger",
    )
    record = {n: glued(n) for n in names}
    assert (
        record["lp_wx_honest"]
        < record["lp_wx_exaggerator"]
        < record["lp_wx_hedger"]
    )
    assert (
        record["lp_wx_honest"]
        < record["lp_wx_climate"]
        < record["lp_wx_hedger"]
    )
    # a forecaster who always says 50 % pays ln 2 every day, rain or not
    assert math.isclose(record["lp_wx_hedger"], math.log(2), rel_tol=1e-12)


def test_accuracy_and_log_loss_disagree_as_the_chapter_says():
    assert glued("lp_ll_b") > glued("lp_ll_a")
    assert glued("lp_acc_c") > glued("lp_acc_a") and glued("lp_ll_c") > glued(
        "lp_ll_a"
    )


@pytest.mark.parametrize("dtype, bits", [(np.float32, 24), (np.float64, 53)])
def test_one_plus_x_rounds_to_one_below_half_the_gap_above_one(dtype, bits):
    # The chapter's statement, from the format: the gap between 1 and the next
    # float ABOVE it is 2**(1 - bits) (the machine epsilon); 1 + x rounds back
    # to 1 once x is below half of it, 2**-bits.  (The gap below 1 is only
    # 2**-bits, so half of it, 2**-(bits + 1), would be the wrong threshold.)
    one = dtype(1)
    assert np.nextafter(one, dtype(2)) - one == dtype(2.0 ** (1 - bits))
    assert one - np.nextafter(one, dtype(0)) == dtype(2.0**-bits)
    assert one + dtype(0.99 * 2.0**-bits) == one
    assert one + dtype(1.01 * 2.0**-bits) > one
    # so sigmoid(z) is exactly 1 just beyond z = bits ln 2, and not before
    z = bits * math.log(2)
    assert lossbook.sigmoid(dtype(z + 0.01)) == one
    assert lossbook.sigmoid(dtype(z - 0.01)) < one
