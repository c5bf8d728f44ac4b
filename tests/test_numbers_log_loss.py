"""The Log loss chapter's numbers beyond the syllabus entries (those are
checked by tests/test_syllabus.py against syllabus.yml)."""

import math

import lossbook
from tests import syllabus
from tools.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "log-loss.ipynb"


def glued(name):
    return glued_number(CHAPTER, name)


def test_sklearn_style_log_loss_gives_the_batch_mean():
    assert syllabus.matches(
        "batch_mean", lossbook.log_loss([1, 1, 0], [0.9, 0.6, 0.2])
    )


def test_the_undecided_prediction_costs_one_bit():
    # -ln 0.5 = ln 2 nats = 1 bit
    assert math.isclose(glued("ll_undecided"), math.log(2), rel_tol=1e-12)


def test_the_penalty_reads_in_halvings():
    # -log2 0.1 = log2 10 = 3.32 bits: "a little more than three halvings"
    bits = glued("ll_a01_bits")
    assert round(bits, 2) == round(math.log2(10), 2) == 3.32
    assert 3 < bits < 3.5
    # equal steps of 0.2 in probability: from 0.9 to 0.7 the loss rises by
    # ln(9/7) = 0.2513, from 0.3 to 0.1 by ln 3 = 1.0986, 4.37 times as much
    assert math.isclose(glued("ll_step_first"), math.log(9 / 7), rel_tol=1e-9)
    assert math.isclose(glued("ll_step_last"), math.log(3), rel_tol=1e-9)
    ratio = math.log(3) / math.log(9 / 7)
    assert math.isclose(glued("ll_step_ratio"), ratio, rel_tol=1e-9)
    assert round(glued("ll_step_ratio"), 1) == 4.4
    # label 0 with a = 0.9 gives the truth 0.1: the same loss as a = 0.1, y = 1
    assert math.isclose(glued("ll_y0_a09"), glued("ll_a01"), rel_tol=1e-12)


def test_exp_minus_the_mean_loss_is_the_geometric_mean_probability():
    # the batch gave the truth 0.9, 0.6 and 1 - 0.2 = 0.8:
    # (0.9 * 0.6 * 0.8)^(1/3) = 0.432^(1/3) = 0.7560
    assert math.isclose(
        glued("batch_geo_mean"), 0.432 ** (1 / 3), rel_tol=1e-9
    )
    assert round(glued("batch_geo_mean"), 3) == 0.756
    # the arithmetic mean (0.9 + 0.6 + 0.8) / 3 = 0.7667 is larger
    assert math.isclose(glued("batch_arith_mean"), 2.3 / 3, rel_tol=1e-9)
    assert glued("batch_geo_mean") < glued("batch_arith_mean")
    # a loss of -ln 0.01 = 4.605 means the truth got 1 %
    assert round(glued("p_of_ll_y0_a099"), 2) == 0.01


def test_one_confident_mistake():
    # sample 3 with a = 0.99: ln 100 / ln 1.25 = 4.6052 / 0.2231 = 20.6 times
    assert math.isclose(
        glued("wrong_factor"), math.log(100) / math.log(1.25), rel_tol=1e-9
    )
    # batch: (ln(1/0.9) + ln(1/0.6) + ln 100) / 3
    expected = (math.log(1 / 0.9) + math.log(1 / 0.6) + math.log(100)) / 3
    assert math.isclose(glued("batch_mean_wrong"), expected, rel_tol=1e-9)
    # geometric mean (0.9 * 0.6 * 0.01)^(1/3) = 0.0054^(1/3) = 0.1754
    assert math.isclose(
        glued("batch_geo_mean_wrong"), 0.0054 ** (1 / 3), rel_tol=1e-9
    )


def test_squared_error_distinguishes_mistakes_but_saturates():
    # y = 0: (0.51)^2 = 0.2601 and (0.99)^2 = 0.9801, 3.77 times as much
    assert round(glued("se_y0_a051"), 2) == 0.26
    assert round(glued("se_ratio_099_051"), 1) == round(0.9801 / 0.2601, 1)
    assert glued("se_ratio_099_051") > 3
    # a = 0.999999: (0.999999)^2 = 0.999998, shown as 1.00, while log loss is
    # -ln(1e-6) = 6 ln 10 = 13.8
    assert round(glued("se_y0_a6nines"), 2) == 1.00
    assert glued("se_y0_a6nines") < 1
    assert math.isclose(glued("ll_y0_a6nines"), 6 * math.log(10), rel_tol=1e-6)
    assert round(glued("ll_y0_a6nines"), 1) == 13.8
    # the truth's probability shrinks from 0.01 to 1e-6: by 10^4
    assert round(glued("truth_shrink")) == 10_000
    # a certain mistake, 1^2 = 1, is 1 / 0.5^2 = 4 undecided predictions
    assert glued("se_certain_over_undecided") == 4


def test_a_logit_of_minus_40():
    # sigma(-40) = 1 / (1 + e^40) = e^-40 / (1 + e^-40), about 4.25e-18,
    # which the text shows as 4 x 10^-18
    sigma = glued("sigma_m40")
    assert math.isclose(sigma, 1 / (1 + math.exp(40)), rel_tol=1e-9)
    assert f"{sigma:.0e}" == "4e-18"
    # -log sigma(-40) = log(1 + e^40) = 40 + log(1 + e^-40): 40 to within 1e-17
    loss = glued("ll_logits_m40")
    assert abs(loss - 40) < 1e-12


def test_a_logit_of_minus_800():
    # e^-800 is far below the smallest float64 (about e^-744.4): it underflows
    assert glued("sigma_m800") == 0.0
    # the true loss, log(1 + e^800), is 800 to within e^-800
    assert glued("ll_logits_m800") == 800
    # from the probability 0 the loss is -log 0, clamped as in PyTorch's
    # F.binary_cross_entropy: each logarithm is at least -100
    assert glued("ll_prob_m800") == 100


def test_exercise_in_bits():
    # half the samples at 1/2 (1 bit), half at 1/8 (3 bits): 2 bits on average,
    # 2 ln 2 = 1.386 nats, geometric mean 2^-2 = 1/4
    assert math.isclose(glued("ex_bits_loss_bits"), 2.0, rel_tol=1e-9)
    assert math.isclose(glued("ex_bits_loss_nats"), 2 * math.log(2))
    assert math.isclose(glued("ex_bits_geo_mean"), 0.25, rel_tol=1e-9)


def test_exercise_same_mean_loss():
    # 0.99^3 a4 = 0.5^4: a4 = 0.0625 / 0.970299 = 0.0644
    assert math.isclose(glued("ex_same_p4"), 0.0625 / 0.970299, rel_tol=1e-9)
    assert round(glued("ex_same_p4"), 3) == 0.064


def test_exercise_squared_error_and_log_loss_disagree():
    # ten samples of label 1. A = nine at 0.999, one at 0.001:
    # (9 * 0.001^2 + 0.999^2) / 10 = (0.000009 + 0.998001) / 10 = 0.099801;
    # B = 0.6 everywhere: 0.4^2 = 0.16. Squared error prefers A ...
    assert math.isclose(glued("ex_mse_a"), 0.099801, rel_tol=1e-9)
    assert math.isclose(glued("ex_mse_b"), 0.16, rel_tol=1e-9)
    assert glued("ex_mse_a") < glued("ex_mse_b")
    # ... log loss prefers B: (9 ln(1/0.999) + ln 1000) / 10 = 0.6917 > ln(1/0.6)
    ll_a = (-9 * math.log(0.999) + math.log(1000)) / 10
    assert math.isclose(glued("ex_ll_a"), ll_a, rel_tol=1e-9)
    assert round(ll_a, 3) == 0.692
    assert math.isclose(glued("ex_ll_b"), -math.log(0.6), rel_tol=1e-9)
    assert glued("ex_ll_b") < glued("ex_ll_a")
    # a constant b works when -ln b < ll_a and (1 - b)^2 > 0.099801:
    # e^-0.6917 = 0.5007 < b < 1 - sqrt(0.099801) = 0.6841; 0.6 is inside
    low, high = math.exp(-ll_a), 1 - math.sqrt(0.099801)
    assert math.isclose(glued("ex_b_low"), low, rel_tol=1e-9)
    assert math.isclose(glued("ex_b_high"), high, rel_tol=1e-9)
    assert (round(low, 3), round(high, 3)) == (0.501, 0.684)
    assert low < 0.6 < high
    # two samples: A = (0.999, 0.001) has (0.001^2 + 0.999^2) / 2 = 0.499001;
    # B beats that only with (1 - b)^2 > 0.499001 on some sample, that is
    # b < 1 - sqrt(0.499001) = 0.2936: confidently wrong, like (0.25, 0.25)
    assert math.isclose(glued("ex_mse_a_two"), 0.499001, rel_tol=1e-9)
    two_max = 1 - math.sqrt(0.499001)
    assert math.isclose(glued("ex_b_two_max"), two_max, rel_tol=1e-9)
    assert round(two_max, 2) == 0.29
    assert 0.25 < two_max < 0.5
    assert (0.75**2 + 0.75**2) / 2 > 0.499001


def test_exercise_clamp():
    # -ln 1e-30 = 30 ln 10 = 69.08, below the clamp; -ln 1e-50 = 115.13
    assert math.isclose(glued("ex_clamp_1e30"), 30 * math.log(10))
    assert math.isclose(glued("ex_clamp_1e50_true"), 50 * math.log(10))
    assert glued("ex_clamp_1e30") < 100 < glued("ex_clamp_1e50_true")
    # lossbook clamps log(1e-50) at -100, as PyTorch does
    assert glued("ex_clamp_1e50") == 100
    # the clamp acts below e^-100 = 3.72e-44
    assert f"{glued('ex_clamp_threshold'):.1e}" == "3.7e-44"


def test_exercise_fourth_sample():
    # (ln(1/0.9) + ln(1/0.6) + ln(1/0.8) + ln(1/0.3)) / 4 = 0.511, below ln 2
    expected = (
        -(math.log(0.9) + math.log(0.6) + math.log(0.8) + math.log(0.3)) / 4
    )
    assert math.isclose(glued("ex_batch4_mean"), expected, rel_tol=1e-9)
    assert glued("ex_batch4_mean") < math.log(2)
    # (a) the first three gave the truth 0.9 * 0.6 * 0.8 = 0.432 > 0.3, so
    # ln(1/0.3) = 1.204 > ln(1/0.432) = 0.839: the fourth costs more
    assert math.isclose(glued("ex_batch_prod3"), 0.432, rel_tol=1e-12)
    assert -math.log(0.3) > -math.log(0.432)
    # (b) mean < ln 2 iff product > 2^-4: a4 > 0.0625 / 0.432 = 0.1447
    p4_min = glued("ex_batch_p4_min")
    assert math.isclose(p4_min, 0.0625 / 0.432, rel_tol=1e-9)
    assert round(p4_min, 3) == 0.145
    at_bound = -(math.log(0.432) + math.log(p4_min)) / 4
    assert math.isclose(at_bound, math.log(2), rel_tol=1e-9)


def test_the_probability_form_fails_early_for_label_0():
    # floats above 1 are 2^-52 apart in float64, 2^-23 in float32
    assert glued("spacing_64") == 2.0**-52
    assert glued("spacing_32") == 2.0**-23
    # sigma(z) = 1 / (1 + e^-z) is 1 once e^-z < half that step:
    # z > 53 ln 2 = 36.74 (float64), z > 24 ln 2 = 16.64 (float32)
    assert glued("z_sigma_one_64") == math.ceil(53 * math.log(2)) == 37
    assert glued("z_sigma_one_32") == math.ceil(24 * math.log(2)) == 17
    # y = 0, z = 37: the true loss log(1 + e^37) = 37 + 8.5e-17; the
    # probability form sees 1 - 1 = 0 and returns the clamp, 100
    assert glued("ll_logits_p37") == 37
    assert glued("ll_prob_p37") == 100
    # y = 0, z = 35: 1 + e^-35 = 1 + 6.3e-16 rounds to 1 + 3 * 2^-52, and
    # 1 - sigma = 3 * 2^-52, so the loss is -ln(3 * 2^-52) = 34.945
    assert glued("ll_logits_p35") == 35
    expected = -math.log(3 * 2.0**-52)
    assert math.isclose(glued("ll_prob_p35"), expected, rel_tol=1e-12)
    assert round(expected, 2) == 34.95
