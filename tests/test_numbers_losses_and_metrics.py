"""The worked numbers of the chapter "Loss functions and metrics".

The house-price losses (a house worth 100, predictions 120 and 150) are
syllabus entries, checked by tests/test_syllabus.py; the expectations here are
derived by hand or with NumPy's own mean and median, never copied from
lossbook's output.
"""

import math

import numpy as np
import pytest

from tools.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "losses-and-metrics.ipynb"

# The street of the chapter (inputs typed in the chapter), and its mistyped copy.
PRICES = np.array(
    [82, 88, 93, 97, 99, 102, 104, 108, 111, 117, 123], dtype=float
)
PRICES_TYPO = np.where(PRICES == 123, 1230.0, PRICES)
GRID_STEP = 0.01  # the chapter searches constants on a grid this fine


def test_house_price_ratios():
    # (50 / 20)^2 for squared error, 50 / 20 for absolute error.
    assert glued_number(CHAPTER, "house_mse_ratio") == pytest.approx(6.25)
    assert glued_number(CHAPTER, "house_mae_ratio") == pytest.approx(2.5)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("const_mse", PRICES.mean()),
        ("const_gauss_nll", PRICES.mean()),
        ("const_mae", np.median(PRICES)),
        ("const_laplace_nll", np.median(PRICES)),
        ("const_mse_typo", PRICES_TYPO.mean()),
        ("const_mae_typo", np.median(PRICES_TYPO)),
    ],
)
def test_best_constants_are_the_mean_and_the_median(name, expected):
    assert abs(glued_number(CHAPTER, name) - expected) <= GRID_STEP / 2 + 1e-9


def test_mistyped_price_moves_the_mean_and_not_the_median():
    # The mean moves by (1230 - 123) / 11; the median (the 6th of 11) stays 102.
    assert glued_number(CHAPTER, "const_mse_shift") == pytest.approx(
        (1230 - 123) / 11, abs=GRID_STEP
    )
    assert glued_number(CHAPTER, "const_mae_shift") == 0


def test_residual_of_the_mistyped_price():
    # Predicting the mean of the true prices leaves 1230 - mean on the bad house.
    residual = glued_number(CHAPTER, "typo_residual")
    assert abs(residual - (1230 - PRICES.mean())) <= GRID_STEP / 2 + 1e-9
    assert glued_number(CHAPTER, "typo_residual_sq") == pytest.approx(
        residual**2
    )


def test_huber_constant_ignores_the_mistyped_price():
    # With delta = 20 the cheapest (82) and dearest (123 or 1230) houses lie more
    # than delta from the optimum, on opposite sides: their pulls, capped at delta,
    # cancel, and the optimum is the mean of the nine prices in between.
    delta = 20.0
    expected = PRICES[1:-1].mean()
    assert np.all(np.abs(PRICES[1:-1] - expected) <= delta)
    assert expected - PRICES[0] > delta and PRICES[-1] - expected > delta
    for name in ("const_huber", "const_huber_typo"):
        assert (
            abs(glued_number(CHAPTER, name) - expected) <= GRID_STEP / 2 + 1e-9
        )


def test_street_rmse_and_mae():
    residuals = PRICES - PRICES.mean()
    assert glued_number(CHAPTER, "street_mse") == pytest.approx(np.var(PRICES))
    assert glued_number(CHAPTER, "street_rmse") == pytest.approx(
        np.std(PRICES)
    )
    assert glued_number(CHAPTER, "street_mae") == pytest.approx(
        np.mean(np.abs(residuals))
    )
    assert glued_number(CHAPTER, "street_rmse") >= glued_number(
        CHAPTER, "street_mae"
    )


def test_rmse_squared_minus_mae_squared_is_the_variance_of_abs_errors():
    # mean(r^2) - mean(|r|)^2 = var(|r|): the variance of the absolute
    # residuals, not that of the residuals (which is the MSE here, since the
    # residuals from the mean average to zero).
    abs_residuals = np.abs(PRICES - PRICES.mean())
    expected = np.mean(abs_residuals**2) - np.mean(abs_residuals) ** 2
    assert expected == pytest.approx(np.var(abs_residuals))
    assert glued_number(CHAPTER, "street_gap_sq") == pytest.approx(expected)
    assert glued_number(CHAPTER, "street_abs_var") == pytest.approx(expected)
    assert glued_number(CHAPTER, "street_mse") > 2 * expected


def test_noise_tails():
    # P(|Z| > 4) for a standard normal, and exp(-4 sqrt 2) for a unit-variance Laplace.
    assert glued_number(CHAPTER, "tail_gauss") == pytest.approx(
        6.334e-5, rel=1e-3
    )
    assert glued_number(CHAPTER, "tail_laplace") == pytest.approx(
        math.exp(-4 * math.sqrt(2))
    )


def test_units_act_as_weights_in_a_sum():
    share_yuan = glued_number(CHAPTER, "multi_share_yuan")
    share_10k = glued_number(CHAPTER, "multi_share_10k")
    assert share_yuan < 1e-8 < share_10k
    loss = glued_number(CHAPTER, "multi_logloss")
    # Changing the unit by 10^4 multiplies the squared-error term by 10^8.
    mse_10k = loss / share_10k - loss
    # Prices 10^4 times larger make squared errors (10^4)^2 times larger.
    assert glued_number(CHAPTER, "multi_mse_unit_ratio") == pytest.approx(
        (10**4) ** 2
    )
    assert glued_number(CHAPTER, "multi_mse_yuan") == pytest.approx(
        1e8 * mse_10k
    )


def test_mse_is_a_kl_divergence_between_gaussians():
    # KL(N(100, 10^2) || N(120, 10^2)) = (120 - 100)^2 / (2 x 10^2) = 2 nats.
    assert glued_number(CHAPTER, "kl_gauss_formula") == pytest.approx(2.0)
    assert glued_number(CHAPTER, "kl_gauss_grid") == pytest.approx(
        2.0, abs=1e-4
    )


def test_soft_target_cross_entropy_is_entropy_plus_kl():
    from scipy.stats import entropy

    t = np.array([0.9, 0.05, 0.05])  # the chapter's soft target (input)
    q = np.array([0.7, 0.2, 0.1])
    assert glued_number(CHAPTER, "soft_h") == pytest.approx(entropy(t))
    assert glued_number(CHAPTER, "soft_kl") == pytest.approx(entropy(t, q))
    assert glued_number(CHAPTER, "soft_ce") == pytest.approx(
        -np.sum(t * np.log(q))
    )


# The two-task example: sold within a month (inputs typed in the chapter).
SOLD_FAST = np.array([1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1])
P_SOLD_FAST = np.array([0.7, 0.6, 0.4, 0.5, 0.3, 0.6, 0.5, 0.2, 0.6, 0.4, 0.5])
PRICE_PRED = np.array(
    [85, 86, 97, 95, 104, 100, 101, 112, 108, 113, 118], dtype=float
)


def binary_entropy(pi):
    return -(pi * math.log(pi) + (1 - pi) * math.log(1 - pi))


def test_terms_are_normalised_by_the_best_constant():
    from sklearn.metrics import log_loss

    prior = 6 / 11  # six of the eleven houses sold within a month
    assert glued_number(CHAPTER, "multi_prior") == pytest.approx(prior)
    assert glued_number(CHAPTER, "multi_h_prior") == pytest.approx(
        binary_entropy(prior)
    )
    # H(pi) is the log loss of the constant prediction pi, and no constant
    # does better (scikit-learn's log loss over a grid of constants).
    constants = np.linspace(0.01, 0.99, 99)
    losses = [log_loss(SOLD_FAST, np.full(11, c)) for c in constants]
    assert min(losses) >= binary_entropy(prior) - 1e-12
    assert log_loss(SOLD_FAST, np.full(11, prior)) == pytest.approx(
        binary_entropy(prior)
    )
    norm = log_loss(SOLD_FAST, P_SOLD_FAST) / binary_entropy(prior)
    assert glued_number(CHAPTER, "multi_class_norm") == pytest.approx(norm)
    assert glued_number(CHAPTER, "multi_class_gain") == pytest.approx(1 - norm)
    assert glued_number(CHAPTER, "multi_price_norm") == pytest.approx(
        np.mean((PRICES - PRICE_PRED) ** 2) / np.var(PRICES)
    )


def test_a_rare_class_needs_the_prior_entropy_as_reference():
    # 1 % positives, a model loss of 0.30 (inputs of the exercise).
    h = binary_entropy(0.01)
    assert glued_number(CHAPTER, "rare_h_prior") == pytest.approx(h)
    assert glued_number(CHAPTER, "rare_norm_prior") == pytest.approx(0.30 / h)
    assert glued_number(CHAPTER, "rare_norm_ln2") == pytest.approx(
        0.30 / math.log(2)
    )
    # The conclusion: worse than the constant, though ln 2 makes it look fine.
    assert glued_number(CHAPTER, "rare_norm_prior") > 1
    assert glued_number(CHAPTER, "rare_norm_ln2") < 1


def test_pinball_constant_is_the_quantile():
    # tau = 0.9 on 11 prices: the share below first exceeds 0.9 at the 10th
    # smallest (10 / 11 > 0.9 > 9 / 11), which is 117 with or without the typo.
    assert np.sort(PRICES_TYPO)[9] == 117
    assert (
        abs(glued_number(CHAPTER, "pinball_best") - 117)
        <= GRID_STEP / 2 + 1e-9
    )
