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

The second edition (issue 13) adds, each worked independently below:

- the initial push of each class on the weights is the same vector once the
  features are centred (an identity: sum over negatives = - sum over
  positives);
- the weighted optimum is the true logit plus log w+ (log 99 = 4.595);
- the summed loss of 10,000 easy negatives (p_t = 0.99) against 10 hard
  positives (p_t = 0.1), before and after gamma = 2, from -log p_t and the
  factor (1 - p_t)^2 by hand;
- focal loss is not proper: the minimiser of the expected focal loss, found
  with SciPy from the formula written out here, is 0.694 for q = 0.9;
- the experiments' conclusions, asserted on the glued means and 95 %
  half-widths exactly as the prose draws them.

The third edition (review of the evaluation) adds:

- the summed gradient of the easy negatives is 100 x 0.01 = 1.0 ... x 10,000
  = 100 against 10 x 0.9 = 9 for the hard positives, 11.1 to one: more
  lopsided than the summed losses' 4.36 to one;
- one split's noise, unpaired (one model's average precision) and paired
  (the difference of two losses on the same split), and the weighted and the
  plain model compared at the same recall by one rule, all recomputed here
  with scikit-learn's fits and curves and SciPy's Student-t quantile.
"""

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.stats import t as student_t
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_curve

import lossbook
from tools.notebooks import glued_number
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


def _glued(name):
    return glued_number(CHAPTER, name)


def _mean_and_half_width(name):
    return _glued(name), _glued(f"{name}_hw")


# The second edition: the weights' initial push, and the weighted optimum.


def test_centred_features_give_both_classes_the_same_push_on_the_weights():
    # At z = 0 the negatives push with (1/2) sum_neg x, the positives with
    # -(1/2) sum_pos x; centred, sum_neg x = -sum_pos x, so both have length
    # (1/2) |sum_pos (x - mean)|.
    X, y = lossbook.datasets.make_imbalanced(
        3000, positive_fraction=0.01, random_state=0
    )
    centred = X - X.mean(axis=0)
    expected = 0.5 * np.linalg.norm(centred[y == 1].sum(axis=0))
    for name in ("push_neg_centred", "push_pos_centred"):
        assert _glued(name) == pytest.approx(expected, rel=1e-9)
    # raw features: the negatives' mean is not zero, and their push dominates
    assert _glued("push_neg_raw") > 10 * _glued("push_pos_raw")


def test_weighted_optimum_is_shifted_by_log_w():
    assert _glued("log_pos_weight") == pytest.approx(math.log(99), rel=1e-12)
    # The true intercept of the Gaussian data is logit(0.01) = -ln 99, so the
    # weighted population intercept is exactly 0.
    assert _glued("prior_bias") + _glued("log_pos_weight") == pytest.approx(
        0.0, abs=1e-9
    )


# Lin et al.'s argument: 10,000 easy negatives against 10 hard positives.

CROWD = [
    ("crowd_one_easy_ce", -math.log(0.99)),
    ("crowd_neg_ce", -10_000 * math.log(0.99)),  # 100.50
    ("crowd_pos_ce", -10 * math.log(0.1)),  # 23.03
    ("crowd_neg_over_pos_ce", 10_000 * math.log(0.99) / (10 * math.log(0.1))),
    ("crowd_factor_easy", (1 - 0.99) ** 2),
    ("crowd_factor_hard", (1 - 0.1) ** 2),
    ("crowd_neg_focal", -10_000 * (1 - 0.99) ** 2 * math.log(0.99)),
    ("crowd_pos_focal", -10 * (1 - 0.1) ** 2 * math.log(0.1)),  # 18.65
    (
        "crowd_pos_over_neg_focal",  # about 1856
        (10 * 0.81 * math.log(0.1)) / (10_000 * 1e-4 * math.log(0.99)),
    ),
    ("crowd_grad_neg_ce", 10_000 * 0.01),  # |sigma(z) - y| = 1 - p_t
    ("crowd_grad_pos_ce", 10 * 0.9),
    ("crowd_grad_ratio_ce", 10_000 * 0.01 / (10 * 0.9)),  # 11.1
    ("crowd_break_even_gamma0", 10 * math.log(0.1) / math.log(0.99)),
    (
        "crowd_break_even_gamma2",
        10 * 0.81 * math.log(0.1) / (1e-4 * math.log(0.99)),
    ),
    ("crowd_factor_ratio", 0.81 / 1e-4),
]


@pytest.mark.parametrize(
    "name, expected", CROWD, ids=[name for name, _ in CROWD]
)
def test_summed_loss_of_many_easy_negatives(name, expected):
    assert _glued(name) == pytest.approx(expected, rel=1e-9)


# Focal loss is not a proper scoring rule.


def _expected_focal(a, q, gamma, alpha=None):
    """E[FL] written out: -alpha q (1-a)^g log a - (1-alpha)(1-q) a^g log(1-a)."""
    w_pos, w_neg = (1.0, 1.0) if alpha is None else (alpha, 1 - alpha)
    return -w_pos * q * (1 - a) ** gamma * math.log(a) - w_neg * (
        1 - q
    ) * a**gamma * math.log(1 - a)


def _best_focal(q, gamma, alpha=None):
    return minimize_scalar(
        lambda a: _expected_focal(a, q, gamma, alpha),
        bounds=(1e-9, 1 - 1e-9),
        method="bounded",
        options={"xatol": 1e-12},
    ).x


@pytest.mark.parametrize(
    "name, q, rounded",
    [("focal_best_r_q09", 0.9, 0.69), ("focal_best_r_q001", 0.01, 0.15)],
)
def test_focal_minimiser_is_not_the_true_probability(name, q, rounded):
    expected = _best_focal(q, 2.0)
    assert round(expected, 2) == rounded
    assert _glued(name) == pytest.approx(expected, abs=1e-6)
    assert abs(_glued(name) - q) > 0.1  # not proper


@pytest.mark.parametrize("gamma", [0.0, 1.0, 2.0, 5.0])
def test_focal_score_crosses_one_half_at_one_minus_alpha(gamma):
    # The second exercise: E'(1/2) = K [(1 - alpha)(1 - q) - alpha q].
    assert _best_focal(0.75, gamma, alpha=0.25) == pytest.approx(0.5, abs=1e-6)
    assert _best_focal(0.8, gamma, alpha=0.25) > 0.5


def test_plain_threshold_matching_weighting_is_the_base_rate():
    # sigma(-log w+) = 1 / (1 + w+) = 1 / 100
    assert _glued("t_equivalent") == pytest.approx(0.01, rel=1e-12)


# The experiments: the conclusions the prose draws, on the glued values.


def test_experiment_design():
    assert _glued("n_sets") >= 50
    assert _glued("n_test") >= 20_000
    assert _glued("demo_n_pos") == 30  # 1 % of 3000


def test_crowd_gradient_is_more_lopsided_than_the_loss():
    assert round(_glued("crowd_grad_ratio_ce"), 1) == 11.1
    assert round(_glued("crowd_neg_over_pos_ce"), 2) == 4.36
    assert _glued("crowd_grad_ratio_ce") > _glued("crowd_neg_over_pos_ce")


def test_one_split_noise_is_mostly_shared_by_the_losses():
    # one model's AP varies by several hundredths from split to split, the
    # paired difference of two losses on the same split far less
    assert _glued("g_ap_sd_small") > 0.05
    assert _glued("g_ap_sd_pair_weighted") < _glued("g_ap_sd_small") / 4
    assert _glued("g_ap_sd_pair_focal") < _glued("g_ap_sd_pair_weighted")
    assert _glued("g_ap_sd_ratio") == pytest.approx(
        _glued("g_ap_sd_small") / _glued("g_ap_sd_pair_weighted"), rel=1e-12
    )
    # ... but still larger than the Gaussian gap: one split cannot settle it
    assert _glued("g_ap_sd_pair_weighted") > abs(_glued("g_ap_diff_weighted"))


def test_gaussians_weighting_shifts_the_intercept_by_about_log_99():
    shift, half = _mean_and_half_width("g_intercept_diff_weighted")
    assert half < 0.05
    assert shift + half < math.log(99)  # a little short of log 99 ...
    assert math.log(99) - shift < 0.1  # ... but close
    intercept, half = _mean_and_half_width("g_intercept_plain")
    assert intercept + half < math.log(0.01 / 0.99)  # a little below the truth
    assert intercept > math.log(0.01 / 0.99) - 0.2


def test_gaussians_average_precision_is_the_same_up_to_a_small_cost():
    focal, half = _mean_and_half_width("g_ap_diff_focal")
    assert abs(focal) < half  # the interval contains zero
    weighted, half = _mean_and_half_width("g_ap_diff_weighted")
    assert weighted + half < 0  # a small loss whose interval excludes zero
    assert weighted > -0.01
    # the weighted direction is noisier
    assert _glued("g_angle_err_weighted") - _glued(
        "g_angle_err_weighted_hw"
    ) > _glued("g_angle_err_plain")
    assert _glued("g_focal_turn_max") < 2.0


def test_gaussians_alpha_not_gamma_makes_the_focal_model_cautious():
    plain, half = _mean_and_half_width("g_recall05_plain")
    assert abs(_glued("g_recall05_focal_na") - plain) < half
    focal, focal_half = _mean_and_half_width("g_recall05_focal")
    assert focal + focal_half < plain - half
    # scores: the plain model's mean matches the base rate, the focal ones not
    mean, half = _mean_and_half_width("g_mean_score_plain")
    assert abs(mean - 0.01) < half
    assert _glued("g_mean_score_focal") > 5 * 0.01
    assert _glued("g_mean_score_focal_na") > 5 * 0.01


def test_gaussians_a_moved_threshold_does_what_weighting_does():
    # one rule for both models: the same precision, an interval around zero
    diff, half = _mean_and_half_width("g_match_precision_diff_weighted")
    assert abs(diff) < half < 0.001
    assert _glued("g_match_recall_weighted") == _glued("g_match_recall_plain")
    # the derived threshold 1 / (1 + w+): the same precision, and a recall
    # short by the weighted intercept's shortfall from log 99
    diff, half = _mean_and_half_width("t_precision_diff_weighted")
    assert abs(diff) < half
    diff, half = _mean_and_half_width("t_recall_diff_weighted")
    assert diff < 0 and abs(diff) < 0.01


def test_clusters_weighting_turns_the_boundary_and_trades_precision():
    turn, half = _mean_and_half_width("c_angle_diff_weighted")
    assert turn + half < 0 and abs(turn) > 10
    assert _glued("c_turn_weighted_size") == pytest.approx(abs(turn))
    ap, half = _mean_and_half_width("c_ap_diff_weighted")
    assert ap + half < 0
    high, half = _mean_and_half_width("c_prec90_diff_weighted")
    assert high - half > 0
    assert _glued("c_prec50_weighted") < _glued("c_prec50_plain")
    matched, half = _mean_and_half_width("c_match_precision_diff_weighted")
    assert matched - half > 0.05  # a moved threshold does not reach it


def test_clusters_focal_stays_close_to_plain():
    turn, half = _mean_and_half_width("c_angle_diff_focal")
    assert turn + half < 0 and abs(turn) < 1  # small but not zero
    ap, half = _mean_and_half_width("c_ap_diff_focal")
    assert ap + half < 0 and ap > -0.01


def test_one_cluster_is_correctly_specified_again():
    diff, half = _mean_and_half_width("o_ap_diff_weighted")
    assert abs(diff) < half
    assert abs(_glued("o_intercept_diff_weighted") - math.log(99)) < 0.3


def test_prior_start_exercise():
    # the base rate's loss is the entropy of 30 / 3000 = 0.01
    entropy = -(0.01 * math.log(0.01) + 0.99 * math.log(0.99))
    assert _glued("prior_ex_base_rate_loss") == pytest.approx(
        entropy, rel=1e-9
    )
    assert _glued("prior_ex_zero_small_20") > 1.5 * entropy
    assert _glued("prior_ex_prior_small_1") < 1.01 * entropy
    assert _glued("prior_ex_zero_large_20") < _glued("prior_ex_prior_large_20")
    assert 1 < _glued("prior_ex_overtake") <= 20


# The Gaussian experiment recomputed independently: scikit-learn's logistic
# regression (no penalty; class_weight for pos_weight), its precision-recall
# curve and average precision, and SciPy's Student-t quantile.


def _interval(values):
    values = np.asarray(values)
    n = values.size
    half = student_t.ppf(0.975, n - 1) * values.std(ddof=1) / math.sqrt(n)
    return values.mean(), half


def _sets(n, seeds):
    data = [
        lossbook.datasets.make_imbalanced(n, random_state=s) for s in seeds
    ]
    return [X for X, _ in data], [y for _, y in data]


def _precision_at(y, scores, level):
    precision, recall, _ = precision_recall_curve(y, scores)
    # the highest threshold whose recall reaches the level: the last such
    # point of scikit-learn's curve (thresholds increase along it)
    last = np.flatnonzero(recall[:-1] >= level - 1e-12)[-1]
    return precision[last]


@pytest.fixture(scope="module")
def gaussians():
    X_train, y_train = _sets(3000, range(100))
    X_test, y_test = _sets(20_000, range(100, 200))
    scores = {"plain": [], "weighted": []}
    for X, y, X_t in zip(X_train, y_train, X_test, strict=True):
        for name, weight in (("plain", None), ("weighted", {0: 1, 1: 99})):
            model = LogisticRegression(
                C=np.inf, class_weight=weight, tol=1e-12, max_iter=10_000
            ).fit(X, y)
            scores[name].append(model.decision_function(X_t))
    return y_test, scores


@pytest.mark.slow  # an independent re-run of the experiment: make test-slow
def test_gaussians_recomputed_one_split_noise(gaussians):
    y_test, scores = gaussians
    ap = {
        name: np.array(
            [
                average_precision_score(y[:3000], s[:3000])
                for y, s in zip(y_test, scores[name], strict=True)
            ]
        )
        for name in scores
    }
    assert _glued("g_ap_sd_small") == pytest.approx(
        ap["plain"].std(ddof=1), abs=1e-6
    )
    assert _glued("g_ap_sd_pair_weighted") == pytest.approx(
        (ap["weighted"] - ap["plain"]).std(ddof=1), abs=1e-6
    )


@pytest.mark.slow  # an independent re-run of the experiment: make test-slow
def test_gaussians_recomputed_same_recall_by_one_rule(gaussians):
    y_test, scores = gaussians
    recall, precision = [], {"plain": [], "weighted": []}
    for i, y in enumerate(y_test):
        flagged = scores["weighted"][i] >= 0
        recall.append(np.sum(flagged & (y == 1)) / y.sum())
        for name in precision:
            precision[name].append(
                _precision_at(y, scores[name][i], recall[-1])
            )
    assert _glued("g_match_recall_weighted") == pytest.approx(
        np.mean(recall), abs=1e-9
    )
    for name in precision:
        assert _glued(f"g_match_precision_{name}") == pytest.approx(
            np.mean(precision[name]), abs=1e-6
        )
    diff = np.subtract(precision["weighted"], precision["plain"])
    mean, half = _interval(diff)
    assert _glued("g_match_precision_diff_weighted") == pytest.approx(
        mean, abs=1e-6
    )
    assert _glued("g_match_precision_diff_weighted_hw") == pytest.approx(
        half, abs=1e-6
    )
    assert abs(mean) < half  # the same precision
