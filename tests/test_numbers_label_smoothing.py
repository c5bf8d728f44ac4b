"""The worked numbers of the label-smoothing chapter.

The syllabus (syllabus.yml, from 003_b4dc67752fdc2306.txt) says that hard 0/1
targets push the logit to plus or minus infinity, that label smoothing asks
for 0.9 and 0.1 instead, and that the optimal logit for the target 0.9 is
ln 9 (about 2.197).  Each value is checked through lossbook and as the value
the chapter glues.

The chapter's other claims are checked against values derived independently:
by hand (the K-class logit gap, the one-logit gradient descent), by the dual
of the maximum-margin problem (the growth of the weights on separable data),
and by scikit-learn's logistic regression (the hard-target and smoothed
models of the experiment).  The experiment's conclusions are asserted on the
glued means and 95 % intervals, as the prose draws them.
"""

import math

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

import lossbook
from tools.notebooks import glued_number
from tools.toc import ROOT

CHAPTER = ROOT / "book" / "label-smoothing.ipynb"


def glued(name):
    return glued_number(CHAPTER, name)


def test_smoothing_02_gives_targets_09_and_01():
    targets = lossbook.smooth_labels(np.array([1, 0]), 0.2)
    np.testing.assert_allclose(targets, [0.9, 0.1])
    assert round(glued("ls_target_neg"), 1) == 0.1


def test_label_smoothing_argument_means_targets_09_and_01():
    z = np.array([2.0, -0.5, 7.0, -3.0])
    y = np.array([1, 0, 1, 0])
    smoothed = lossbook.binary_cross_entropy_with_logits(
        y, z, label_smoothing=0.2
    )
    soft = lossbook.binary_cross_entropy_with_logits([0.9, 0.1, 0.9, 0.1], z)
    assert smoothed == pytest.approx(soft, rel=1e-12)


def test_ln_9_through_lossbook():
    assert float(lossbook.logit(0.9)) == pytest.approx(math.log(9), rel=1e-12)
    # The gradient of the smoothed loss vanishes there, and the loss is larger on either side.
    assert lossbook.gradients.binary_cross_entropy_with_logits(
        [0.9], [math.log(9)]
    )[0] == pytest.approx(0, abs=1e-12)
    loss = [
        lossbook.binary_cross_entropy_with_logits(
            [1], [z], label_smoothing=0.2
        )
        for z in (math.log(9) - 0.01, math.log(9), math.log(9) + 0.01)
    ]
    assert loss[1] < loss[0] and loss[1] < loss[2]


def test_loss_floor_is_the_entropy_of_the_target():
    # -[0.9 ln 0.9 + 0.1 ln 0.1], worked by hand
    floor = -(0.9 * math.log(0.9) + 0.1 * math.log(0.1))
    assert glued("min_loss_smoothed") == pytest.approx(floor, rel=1e-9)


def test_hard_target_loss_and_gradient_at_z10():
    # log(1 + e^-10) and sigma(10) - 1 = -e^-10 / (1 + e^-10), worked by hand:
    # both about 4.54 x 10^-5 in size, shown with two significant digits
    e = math.exp(-10.0)
    assert glued("hard_loss_z10") == pytest.approx(math.log1p(e), rel=1e-9)
    assert glued("hard_grad_z10") == pytest.approx(-e / (1 + e), rel=1e-9)
    assert f"{glued('hard_loss_z10'):.1e}" == "4.5e-05"


# ------------------------------------------------------------- K classes


def test_logit_gap_for_k_classes():
    # ln((1 - eps + eps/K) / (eps/K)), worked by hand:
    # K = 2, eps = 0.2: 0.9 / 0.1 = 9; K = 1000, eps = 0.1: 0.9001 / 0.0001 = 9001
    assert glued("gap_k2") == pytest.approx(math.log(9), rel=1e-9)
    assert glued("gap_k1000") == pytest.approx(math.log(9001), rel=1e-9)
    assert glued("gap_k1000_fit") == pytest.approx(math.log(9001), abs=1e-4)
    assert glued("ls_top_k1000") == pytest.approx(0.9001)
    assert glued("ls_wrong_share_k1000") == pytest.approx(1e-4)
    # the prose: the gap is much larger for ImageNet than for the binary case
    assert glued("gap_k1000") > 4 * glued("gap_k2")


def test_optimal_logit_for_eps_01_is_ln_19():
    # t = 1 - 0.1/2 = 0.95, t / (1 - t) = 0.95 / 0.05 = 19
    assert round(glued("ex_ls_fraction")) == 19
    assert glued("ex_ls_z_star") == pytest.approx(math.log(19), rel=1e-9)
    assert float(lossbook.logit(0.95)) == pytest.approx(math.log(19))


def test_binary_eps_with_the_imagenet_gap():
    # ln((2 - eps) / eps) = ln 9001  <=>  eps = 2 / 9002
    assert glued("ex_ls_eps_same_gap") == pytest.approx(2 / 9002, rel=1e-9)
    assert glued("ex_ls_wrong_same_gap") == pytest.approx(1 / 9002, rel=1e-9)


# ------------------------------------------------- growth on separable data


def max_margin_weights(X, y):
    """The weights (without the intercept) of the shortest v = (w, b) with
    s_i (w.x_i + b) >= 1, from the dual: maximise sum(a) - |sum a_i s_i x_i|^2 / 2
    over a >= 0 (no equality constraint, since b is penalised like w)."""
    A = np.hstack([X, np.ones((len(y), 1))]) * (2 * y - 1)[:, None]
    gram = A @ A.T

    def negative_dual(a):
        return 0.5 * a @ gram @ a - a.sum(), gram @ a - 1

    a = minimize(
        negative_dual,
        np.zeros(len(y)),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0, None)] * len(y),
        options={"gtol": 1e-12, "ftol": 0.0, "maxiter": 10_000},
    ).x
    return (a @ A)[:2]


def test_weights_grow_by_a_constant_per_decade():
    X, y = lossbook.datasets.make_blobs(40, separation=6.0, random_state=0)
    per_decade = math.log(10) * np.linalg.norm(max_margin_weights(X, y))
    assert glued("sep_per_decade") == pytest.approx(per_decade, rel=1e-3)
    hard = [glued(f"sep_norm_hard_{k}") for k in ("10", "100", "1k", "end")]
    steps = [glued(f"sep_step_{k}") for k in (1, 2, 3)]
    np.testing.assert_allclose(np.diff(hard), steps, rtol=1e-9)
    # the prose: the additions approach the constant from below
    assert steps == sorted(steps) and steps[-1] < per_decade
    assert steps[-1] > 0.8 * per_decade


def test_smoothed_weights_level_off():
    assert glued("hard_grad_z10") < 0
    assert glued("sep_logit_hard_end") > glued("sep_logit_smooth_end")
    assert glued("sep_norm_smooth_end") == pytest.approx(
        glued("sep_norm_smooth_100"), rel=0.05
    )
    # the smoothed model's largest logit lies above ln 9, as the prose says
    assert glued("sep_logit_smooth_end") > math.log(9)


def test_probability_gap_is_that_of_the_largest_logit():
    # 1 - sigma(z) = sigma(-z) = 1 / (1 + e^z) for the glued largest logit
    z = glued("sep_logit_hard_end")
    assert glued("sep_prob_gap") == pytest.approx(
        1 / (1 + math.exp(z)), rel=1e-9
    )


def test_one_logit_grows_like_ln_t():
    z = 0.0
    for _ in range(10_000):
        z += 1 / (1 + math.exp(z))
    assert glued("ex_ls_z_one") == pytest.approx(z, rel=1e-9)
    assert glued("ex_ls_ln_steps") == pytest.approx(math.log(10_000))
    # the prose shows both to three decimals, and they agree there
    assert f"{z:.3f}" == f"{math.log(10_000):.3f}"
    assert glued("ex_ls_steps_to_20") == pytest.approx(math.exp(20))


# ------------------------------------------------------------ calibration


def test_toy_base_rate():
    # labels [0, 1, 1, 0, 1]: three positives out of five
    assert glued("toy_base_rate") == pytest.approx(3 / 5)


def interval(name):
    return glued(name), glued(f"{name}_ci")


def test_small_sets_every_remedy_lowers_the_ece():
    for method in ("smooth", "l2", "temper"):
        diff, half = interval(f"small_{method}_ece")
        assert diff + half < 0, method
    # smoothing also lowers the Brier score and the log loss
    for metric in ("brier", "ll"):
        diff, half = interval(f"small_smooth_{metric}")
        assert diff + half < 0, metric
    # temperature scaling helps least
    assert glued("small_temper_ece") > glued("small_l2_ece")
    assert glued("small_temper_ece") > glued("small_smooth_ece")


def test_small_sets_l2_improves_brier_as_much_as_smoothing():
    for metric in ("brier", "ll"):
        diff, half = interval(f"small_smooth_vs_l2_{metric}")
        assert abs(diff) < half, metric  # the interval contains zero
    diff, half = interval("small_smooth_vs_l2_ece")
    assert diff + half < 0  # on the ECE smoothing does a little better
    # the prose: about a quarter of smoothing's own gain over hard targets
    ratio = glued("small_smooth_vs_l2_ece") / glued("small_smooth_ece")
    assert 0.2 < ratio < 0.35


def test_small_sets_temperature_scaling_helps_least():
    # the paired differences the prose quotes: temperature scaling's ECE and
    # log loss are higher than smoothing's and L2's, intervals above zero
    for other in ("smooth", "l2"):
        for metric in ("ece", "ll"):
            diff, half = interval(f"small_temper_vs_{other}_{metric}")
            assert diff - half > 0, (other, metric)


def test_smoothing_helps_only_the_over_confident_sets():
    diff, half = interval("small_over_ece")
    assert diff + half < 0
    diff, half = interval("small_under_ece")
    assert diff - half > 0
    assert glued("small_over_sets") + glued("small_under_sets") == glued(
        "xp_sets_small"
    )


def test_the_hard_target_budget_matters():
    assert glued("small_separable") > 0
    assert glued("small_sep_norm_late") > glued("small_sep_norm_early")
    assert glued("small_hard_ll") > glued("small_hard_ll_early")


def test_large_sets_smoothing_and_l2_hurt_temperature_does_nothing():
    diff, half = interval("large_smooth_ece")
    assert diff - half > 0
    diff, half = interval("large_l2_ece")
    assert diff - half > 0
    diff, half = interval("large_smooth_vs_l2_ece")
    assert diff - half > 0
    diff, half = interval("large_temper_ece")
    assert abs(diff) < half
    assert 0.8 < glued("large_t_min") < 1 < glued("large_t_max") < 1.3


def blob_sets(n, n_sets, first_seed):
    return [
        lossbook.datasets.make_blobs(
            n, separation=2.0, random_state=first_seed + s
        )
        for s in range(n_sets)
    ]


def sklearn_test_ece(eps):
    """Mean test ECE of the unpenalised logistic regressions on the chapter's
    large sets, fitted by scikit-learn to the eps-smoothed targets: each
    sample enters twice, as a positive with weight t and as a negative with
    weight 1 - t, which gives the same objective as the smoothed log loss."""
    X_test, y_test = lossbook.datasets.make_blobs(
        5000, separation=2.0, random_state=100
    )
    eces = []
    for X, y in blob_sets(1000, 50, 5000):
        t = y * (1 - eps) + eps / 2
        model = LogisticRegression(C=np.inf, tol=1e-10, max_iter=1000)
        model.fit(
            np.vstack([X, X]),
            np.r_[np.ones(len(y)), np.zeros(len(y))],
            sample_weight=np.r_[t, 1 - t],
        )
        p = model.predict_proba(X_test)[:, 1]
        eces.append(lossbook.expected_calibration_error(y_test, p))
    return np.mean(eces)


def large_set_models(l2=0.0, eps=0.0, first_seed=5000, n_sets=50):
    """scikit-learn's fits of the chapter's large sets (or the validation
    sets), smoothed by the sample-weight trick of sklearn_test_ece and
    penalised with C = 1 / (n l2), which gives the chapter's objective."""
    models = []
    for X, y in blob_sets(1000, n_sets, first_seed):
        t = y * (1 - eps) + eps / 2
        C = np.inf if l2 == 0 else 1 / (len(y) * l2)  # weights sum to n
        model = LogisticRegression(C=C, tol=1e-10, max_iter=1000)
        model.fit(
            np.vstack([X, X]),
            np.r_[np.ones(len(y)), np.zeros(len(y))],
            sample_weight=np.r_[t, 1 - t],
        )
        models.append(model)
    return models


@pytest.mark.slow  # an independent re-run of the experiment: make test-slow
def test_large_sets_l2_chose_the_weakest_penalty_mostly():
    # per set, the lambda whose model has the lowest validation log loss
    grid = (0.003, 0.01, 0.03, 0.1, 0.3)
    validation = blob_sets(1000, 50, 15000)
    losses = []
    for lam in grid:
        row = []
        for model, (X, y) in zip(
            large_set_models(l2=lam), validation, strict=True
        ):
            p = model.predict_proba(X)[:, 1]
            row.append(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        losses.append(row)
    chosen = np.argmin(losses, axis=0)
    assert glued("large_smallest_l2") == np.sum(chosen == 0)
    assert glued("large_smallest_l2") > 25  # "on most of the sets"


def test_eps_01_with_two_classes():
    # (1 - 0.1) * 1 + 0.1 / 2, by hand
    assert glued("xp_eps01_target") == pytest.approx(0.95)


def test_the_smoothed_reliability_curve_is_not_the_dotted_line():
    from sklearn.calibration import calibration_curve

    hard, smooth = (
        large_set_models(eps=eps, n_sets=1)[0] for eps in (0.0, 0.2)
    )
    X, y = lossbook.datasets.make_blobs(
        200_000, separation=2.0, random_state=101
    )
    frac, q = calibration_curve(y, smooth.predict_proba(X)[:, 1], n_bins=10)
    departure = frac - (q - 0.1) / 0.8
    middle = (q > 0.2) & (q < 0.8)
    assert glued("rel_eps_dev") == pytest.approx(
        np.abs(departure[middle]).max(), abs=1e-3
    )
    # the prose: below the dotted line in the lower half, above in the upper
    lower = middle & (q < 0.5)
    upper = middle & (q > 0.5)
    assert (departure[lower] < 0).all() and (departure[upper] > 0).all()
    frac, q = calibration_curve(y, hard.predict_proba(X)[:, 1], n_bins=10)
    assert glued("rel_hard_dev") == pytest.approx(
        np.abs(frac - q).max(), abs=1e-3
    )
    w_hard, w_smooth = hard.coef_[0], smooth.coef_[0]
    assert glued("rel_shrink") == pytest.approx(
        np.linalg.norm(w_smooth) / np.linalg.norm(w_hard), rel=1e-5
    )
    u_hard, u_smooth = (w / np.linalg.norm(w) for w in (w_hard, w_smooth))
    # the angle from its chord, which stays accurate for tiny angles
    angle = np.degrees(2 * np.arcsin(np.linalg.norm(u_hard - u_smooth) / 2))
    assert glued("rel_angle") == pytest.approx(angle, abs=2e-4)
    assert glued("rel_angle") < 0.1  # "the same direction"


@pytest.mark.slow  # an independent re-run of the experiment: make test-slow
def test_large_sets_hard_model_matches_scikit_learn():
    assert glued("large_hard_ece") == pytest.approx(
        sklearn_test_ece(0.0), abs=1e-5
    )


@pytest.mark.slow  # an independent re-run of the experiment: make test-slow
def test_large_sets_eps_01_matches_scikit_learn():
    assert glued("large_ece_eps01") == pytest.approx(
        sklearn_test_ece(0.1), abs=1e-5
    )


def test_ece_floor_of_the_true_probabilities():
    # P(y = 1 | x) = sigma(s / sqrt(2) (x1 + x2)) for make_blobs; the ECE by
    # its definition, with scikit-learn's uniform bins
    X, y = lossbook.datasets.make_blobs(5000, separation=2.0, random_state=100)
    p = 1 / (1 + np.exp(-2.0 / math.sqrt(2) * X.sum(axis=1)))
    bins = np.searchsorted(np.linspace(0, 1, 11)[1:-1], p)
    ece = sum(
        abs((y[bins == b] - p[bins == b]).sum()) for b in range(10)
    ) / len(y)
    assert glued("ece_floor") == pytest.approx(ece, rel=1e-9)
    # the prose: the calibrated hard-target model is close to that floor
    assert 0 < glued("large_hard_ece") - glued("ece_floor") < 0.005


def test_temperature_scaling_keeps_the_accuracy():
    assert glued("ex_ls_acc_changed_ts") == 0
    assert glued("ex_ls_acc_changed_smooth") > 0


def test_best_eps_on_small_sets_is_a_middle_one():
    assert glued("ex_ls_best_eps") in (0.05, 0.1)
    assert glued("ex_ls_next_eps") in (0.05, 0.1)


def test_undoing_the_smoothing_recovers_most_of_the_calibration():
    smooth, undone, hard = (
        glued("undo_ece_smooth"),
        glued("undo_ece_undone"),
        glued("undo_ece_hard"),
    )
    assert hard < undone < smooth
    assert smooth - undone > 0.5 * (smooth - hard)


def test_smoothed_predictions_run_beyond_the_targets():
    # the prose: the smoothed linear model's test predictions leave [0.1, 0.9]
    assert glued("smooth_p_min") < 0.1
    assert glued("smooth_p_max") > 0.9


def test_temperature_is_noisy_on_small_validation_sets():
    # the prose: with 30 validation samples the fitted T ranges widely,
    # while on the large sets it stays near 1
    assert glued("small_t_max") / glued("small_t_min") > 10
    assert glued("large_t_max") / glued("large_t_min") < 2
