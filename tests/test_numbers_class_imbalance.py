"""The worked numbers of the Class imbalance chapter.

The setting is the syllabus's "tyranny of the majority"
(003_b4dc67752fdc2306.txt): a disease that one patient in a hundred has, so
a batch of 100 holds 1 positive and 99 negatives;
a lazy model that always says "healthy" is 99 % accurate; at initialisation
(p = 0.5 for everyone) the 99 negatives' gradient drowns the single positive's;
weighting the positive class 99 times gives both classes an equal say.

The expected values are those numbers, worked by hand from that setting
(not copied from lossbook's output):

- accuracy of the lazy model: 99 right out of 100 = 0.99;
- gradient of the summed loss w.r.t. a shared bias at p = 0.5:
  99 negatives x (0.5 - 0) = 49.5, the positive (0.5 - 1) = -0.5;
- with pos_weight = 99 the positive's pull is 99 x (-0.5) = -49.5, net 0.

- each negative's gradient at p = 0.5 is sigma(0) - 0 = +0.5;
- the one probability p that minimises the weighted summed loss solves
  99 (p - 1) + 99 p = 0, so p = 0.5 (w P / (w P + N) = 99 / 198); its odds,
  1, divided by w = 99 are 1 to 99, a probability of 1 / 100 = 0.01.

One value is *derived*, not stated in the syllabus: the bias that starts the model at
the base rate, log(0.01 / 0.99) = -ln 99 = -4.595 (rounded), and the initial
mean loss it gives, the entropy of the base rate,
-(0.01 ln 0.01 + 0.99 ln 0.99) = 0.056, against ln 2 = 0.693 at bias 0.

Each value is checked twice: computed through lossbook, and as the value the
chapter glues into its text.
"""

import math

import numpy as np
import pytest

import lossbook
from tests.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "class-imbalance.ipynb"

# One sick patient and 99 healthy ones, every logit 0 (p = 0.5).
Y = np.r_[1.0, np.zeros(99)]
Z0 = np.zeros(100)


def _grad(**options):
    return lossbook.gradients.binary_cross_entropy_with_logits(
        Y, Z0, **options
    )


def _grad_numeric(**options):
    """Central-difference gradient of the summed loss w.r.t. a shared bias."""

    def summed(b):
        return lossbook.binary_cross_entropy_with_logits(
            Y, np.full(100, b[0]), reduction="sum", **options
        )

    return lossbook.numerical_gradient(summed, np.array([0.0]))[0]


# (glue name, value worked from the syllabus's setting, decimals, computed
# through lossbook)
SEED_NUMBERS = [
    ("grad_negatives", 49.5, 1, lambda: _grad()[1:].sum()),
    ("grad_positive", -0.5, 1, lambda: _grad()[0]),
    ("grad_net", 49.0, 1, lambda: _grad().sum()),
    ("grad_positive_weighted", -49.5, 1, lambda: _grad(pos_weight=99.0)[0]),
    ("grad_net_weighted", 0.0, 1, lambda: _grad(pos_weight=99.0).sum()),
    ("grad_each_negative", 0.5, 1, lambda: _grad()[1]),
]

# The first exercise: the optimum of the weighted loss and the probability it
# stands for once its odds are divided by w = 99 (worked in the docstring);
# the grid's best p must be the same 0.5.
WEIGHTED_OPTIMUM = [
    ("weighted_p_star", 0.5, 2, lambda: 99 * 1 / (99 * 1 + 99)),
    ("weighted_best_p", 0.5, 2, lambda: 99 * 1 / (99 * 1 + 99)),
    (
        "corrected_odds_against",
        99.0,
        6,
        lambda: math.exp(-(lossbook.logit(0.5) - math.log(99.0))),
    ),
    (
        "corrected_prob",
        0.01,
        6,
        lambda: lossbook.sigmoid(lossbook.logit(0.5) - math.log(99.0)),
    ),
]

# Derived from the seed's 1 % (not stated in it): the prior-odds bias and its loss.
DERIVED_NUMBERS = [
    ("prior_bias", -4.595, 3, lambda: lossbook.logit(0.01)),
    ("prior_prob", 0.01, 3, lambda: lossbook.sigmoid(math.log(0.01 / 0.99))),
    (
        "prior_loss",
        0.056,
        3,
        lambda: lossbook.binary_cross_entropy_with_logits(
            Y, np.full(100, math.log(0.01 / 0.99))
        ),
    ),
    (
        "ln2_loss",
        0.693,
        3,
        lambda: lossbook.binary_cross_entropy_with_logits(Y, Z0),
    ),
    (
        "grad_net_prior",
        0.0,
        3,
        lambda: lossbook.gradients.binary_cross_entropy_with_logits(
            Y, np.full(100, math.log(0.01 / 0.99))
        ).sum(),
    ),
    # The focal factor (1 - p_t)^2 of Lin et al. (2017) at p_t = 0.9, 0.5, 0.1.
    (
        "focal_factor_easy",
        0.01,
        2,
        lambda: (
            lossbook.sigmoid_focal_loss([1], [lossbook.logit(0.9)], gamma=2.0)
            / lossbook.binary_cross_entropy_with_logits(
                [1], [lossbook.logit(0.9)]
            )
        ),
    ),
    (
        "focal_factor_unsure",
        0.25,
        2,
        lambda: (
            lossbook.sigmoid_focal_loss([0], [0.0], gamma=2.0)
            / lossbook.binary_cross_entropy_with_logits([0], [0.0])
        ),
    ),
    (
        "focal_factor_hard",
        0.81,
        2,
        lambda: (
            lossbook.sigmoid_focal_loss([0], [lossbook.logit(0.9)], gamma=2.0)
            / lossbook.binary_cross_entropy_with_logits(
                [0], [lossbook.logit(0.9)]
            )
        ),
    ),
]


@pytest.mark.parametrize(
    "name, expected, decimals, compute",
    SEED_NUMBERS,
    ids=[n[0] for n in SEED_NUMBERS],
)
def test_seed_number(name, expected, decimals, compute):
    assert round(float(compute()), decimals) == expected
    assert round(glued_number(CHAPTER, name), decimals) == expected


@pytest.mark.parametrize(
    "name, expected, decimals, compute",
    DERIVED_NUMBERS,
    ids=[n[0] for n in DERIVED_NUMBERS],
)
def test_derived_number(name, expected, decimals, compute):
    assert round(float(compute()), decimals) == expected
    assert round(glued_number(CHAPTER, name), decimals) == expected


def test_prior_bias_is_minus_ln_99():
    # log(0.01 / 0.99) = log(1 / 99) = -ln 99, the hand derivation behind -4.595.
    assert math.isclose(lossbook.logit(0.01), -math.log(99), rel_tol=1e-12)
    assert math.isclose(
        glued_number(CHAPTER, "prior_bias"), -math.log(99), rel_tol=1e-12
    )


def test_prior_loss_is_the_entropy_of_the_base_rate():
    entropy = -(0.01 * math.log(0.01) + 0.99 * math.log(0.99))
    assert math.isclose(
        glued_number(CHAPTER, "prior_loss"), entropy, rel_tol=1e-9
    )
    assert math.isclose(
        glued_number(CHAPTER, "ln2_loss"), math.log(2), rel_tol=1e-12
    )


@pytest.mark.parametrize(
    "options, expected",
    [({}, 49.0), ({"pos_weight": 99.0}, 0.0)],
    ids=["plain", "pos_weight_99"],
)
def test_per_sample_gradient_is_the_derivative_of_the_loss(options, expected):
    assert _grad_numeric(**options) == pytest.approx(expected, abs=1e-6)


def test_lazy_model_finds_no_positive():
    assert glued_number(CHAPTER, "lazy_recall") == 0.0


@pytest.mark.parametrize(
    "name, expected, decimals, compute",
    WEIGHTED_OPTIMUM,
    ids=[n[0] for n in WEIGHTED_OPTIMUM],
)
def test_weighted_optimum(name, expected, decimals, compute):
    assert round(float(compute()), decimals) == expected
    assert round(glued_number(CHAPTER, name), decimals) == expected


def test_weighted_optimum_is_where_the_weighted_gradient_vanishes():
    # At p = 0.5 for everyone the weighted gradient on the shared logit is
    # 99 x (0.5 - 1) + 99 x 0.5 = 0; just beside it, it changes sign.
    def net(p):
        z = np.full(100, lossbook.logit(p))
        return lossbook.gradients.binary_cross_entropy_with_logits(
            Y, z, pos_weight=99.0
        ).sum()

    assert net(0.5) == pytest.approx(0.0, abs=1e-9)
    assert net(0.49) < 0 < net(0.51)
