"""The Logarithms chapter's numbers: fractional logarithms, decibels,
earthquake energies and the doublings that make a terabyte; nats and bits and
the halving rule; the product of many probabilities underflows while the sum
of their logarithms does not; the exercises' answers."""

import math

import numpy as np

from tools.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "logarithms.ipynb"


def test_ten_is_a_fractional_number_of_doublings():
    # 2^3 = 8 < 10 < 16 = 2^4; log2 10 = ln 10 / ln 2 = 2.302585 / 0.693147
    value = glued_number(CHAPTER, "log2_10")
    assert 3 < value < 4
    assert round(value, 2) == 3.32
    assert math.isclose(value, math.log(10) / math.log(2), rel_tol=1e-12)


def test_decibels():
    # 10 log10(10^6) = 10 * 6 dB, by the definition of the decibel
    assert glued_number(CHAPTER, "db_million") == 60
    # doubling: 10 log10 2 = 10 * 0.30103 = 3.0103 dB
    assert round(glued_number(CHAPTER, "db_double"), 2) == 3.01


def test_one_magnitude_step_is_about_32_times_the_energy():
    # log10 E = 1.5 M + c: a step of one multiplies E by 10^1.5 = 31.62
    step = glued_number(CHAPTER, "quake_energy_step")
    assert math.isclose(step, math.sqrt(1000), rel_tol=1e-12)
    assert round(step) == 32
    # two steps: 10^3 in energy, 10^2 in amplitude
    assert glued_number(CHAPTER, "quake_energy_7_5") == 1000
    assert glued_number(CHAPTER, "quake_amplitude_7_5") == 100


def test_a_terabyte_is_not_a_whole_number_of_doublings():
    # a terabyte is 10^12 bytes (SI prefix tera), so it takes
    # log2(10^12) = 12 ln 10 / ln 2 = 12 * 3.3219... = 39.863 doublings;
    # only a tebibyte, 2^40 bytes, takes exactly 40
    doublings = glued_number(CHAPTER, "doublings_tb")
    assert round(doublings, 2) == round(12 * math.log(10) / math.log(2), 2)
    assert round(doublings, 2) == 39.86
    assert doublings < 40


def test_nats_and_bits():
    # one bit is ln 2 = 0.693 nats; one nat is 1 / ln 2 = 1.443 bits
    assert round(glued_number(CHAPTER, "nats_per_bit"), 3) == 0.693
    assert round(glued_number(CHAPTER, "bits_per_nat"), 3) == 1.443
    assert math.isclose(
        glued_number(CHAPTER, "nats_per_bit")
        * glued_number(CHAPTER, "bits_per_nat"),
        1.0,
    )


def test_a_probability_of_a_tenth():
    # -ln 0.1 = ln 10 = 2.302585 nats; -log2 0.1 = log2 10 = 3.3219 bits,
    # "a little more than three halvings"
    assert round(glued_number(CHAPTER, "neglog_tenth_nats"), 3) == 2.303
    bits = glued_number(CHAPTER, "neglog_tenth_bits")
    assert round(bits, 2) == 3.32 and 3 < bits < 3.5
    # dividing any probability by ten adds the same: log2 10 bits, ln 10 nats
    assert math.isclose(
        glued_number(CHAPTER, "tenth_extra_bits"), bits, rel_tol=1e-9
    )
    assert math.isclose(
        glued_number(CHAPTER, "tenth_extra_nats"), math.log(10), rel_tol=1e-9
    )


def test_underflow_demo():
    assert glued_number(CHAPTER, "n_probs") == 2000
    assert glued_number(CHAPTER, "prod_probs") == 0.0
    total = glued_number(CHAPTER, "sum_log_probs")

    # For U uniform on [0.05, 0.95], E[ln U] = [x ln x - x] from 0.05 to 0.95
    # divided by 0.9, and Var[ln U] = E[ln^2 U] - E[ln U]^2 with
    # E[ln^2 U] = [x ln^2 x - 2 x ln x + 2 x] / 0.9: the sum of 2000 draws
    # must lie within five standard deviations of 2000 E[ln U].
    def antiderivative_log(x):
        return x * math.log(x) - x

    def antiderivative_log2(x):
        return x * math.log(x) ** 2 - 2 * x * math.log(x) + 2 * x

    mean = (antiderivative_log(0.95) - antiderivative_log(0.05)) / 0.9
    second = (antiderivative_log2(0.95) - antiderivative_log2(0.05)) / 0.9
    sd = math.sqrt(2000 * (second - mean**2))
    assert abs(total - 2000 * mean) < 5 * sd
    # the smallest positive float64 is 2^-1074 = 4.94e-324: 323 zeros after
    # the decimal point; the product, 10^(total / ln 10), has floor(-total /
    # ln 10) zeros, far more than float64 can hold
    assert glued_number(CHAPTER, "tiniest_zeros") == 323
    zeros = glued_number(CHAPTER, "prod_zeros")
    assert zeros == math.floor(-total / math.log(10))
    assert zeros > 323
    assert total < np.log(np.finfo(np.float64).smallest_subnormal)


def test_exercise_answers():
    # two dice: log2 36 = 2 log2 6 = 5.17 bits > 5 bits of five coins
    assert glued_number(CHAPTER, "two_dice_bits") > 5
    assert round(glued_number(CHAPTER, "two_dice_bits"), 2) == 5.17
    # one die: log2 6 = 2.585, between two and three coin flips
    assert 2 < glued_number(CHAPTER, "die_bits") < 3
    # 0.5 ** n underflows after n = 1074, since the smallest subnormal is
    # 2^-1074 (IEEE 754 binary64: 52 fraction bits below 2^-1022)
    assert glued_number(CHAPTER, "halvings_to_underflow") == 1022 + 52
