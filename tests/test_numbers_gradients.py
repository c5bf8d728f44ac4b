"""The worked numbers of the Gradients chapter.

The syllabus's update for x = [2, 1], y = 1, a = 0.3, which gives a - y = -0.7
and dL/dw = [-1.4, -0.7], is checked by tests/test_syllabus.py (syllabus.yml);
its finite-difference check is here.  At a confident mistake,
a = 0.99 with y = 0, the log-loss gradient with respect to the logit is 0.99
and the squared-error one (p - y) p (1 - p) is 0.99 * 0.99 * 0.01, about
0.0098 (the syllabus's "almost zero", for the loss (1/2)(a - y)^2).  Each is checked through
lossbook and as the value the chapter glues into its text.

The second edition adds: the probit counterexample to "prediction minus
target", the steepest-ascent check, the multi-seed stall experiment (its
conclusions, asserted on the glued means and intervals), the Hessian of the
mean log loss (its formula against second differences, its eigenvalues), the
curvature of the two losses on the chapter's five points, and the exercises'
numbers, each against a value derived by hand or with SciPy.
"""

import math

import numpy as np
import pytest

import lossbook
from tools.notebooks import glued_number
from tools.toc import ROOT

GRADIENTS = ROOT / "book" / "gradients.ipynb"

bce_grad = lossbook.gradients.binary_cross_entropy_with_logits


def confident_mistake_grad_bce():
    return float(bce_grad([0.0], lossbook.logit([0.99]))[0])


def confident_mistake_grad_half_squared_error():
    a = 0.99
    # d/dz of (1/2)(a - y)^2 = (1/2) * d(a - y)^2/da * da/dz, with da/dz = a(1 - a)
    return 0.5 * float(lossbook.gradients.mse([0.0], [a])[0]) * a * (1 - a)


# (glue name in the chapter, value derived by hand, decimals, computed through lossbook)
GRADIENT_NUMBERS = [
    ("grad_bce_confident_wrong", 0.99, 2, confident_mistake_grad_bce),
    (
        "grad_mse_confident_wrong",
        0.0098,
        4,
        confident_mistake_grad_half_squared_error,
    ),
]


@pytest.mark.parametrize(
    "name, expected, decimals, compute",
    GRADIENT_NUMBERS,
    ids=[n[0] for n in GRADIENT_NUMBERS],
)
def test_gradients_chapter_number(name, expected, decimals, compute):
    assert round(compute(), decimals) == expected
    assert round(glued_number(GRADIENTS, name), decimals) == expected


def test_worked_gradients_match_finite_differences():
    """The syllabus's update, checked on the loss itself rather than on the gradient formula."""
    x, b = np.array([2.0, 1.0]), float(lossbook.logit(0.3))

    def loss(w):
        return lossbook.binary_cross_entropy_with_logits(
            [1.0], [w @ x + b], reduction="sum"
        )

    np.testing.assert_allclose(
        lossbook.numerical_gradient(loss, np.zeros(2)), [-1.4, -0.7], atol=1e-6
    )


def test_confident_mistake_gradients_match_finite_differences():
    z = lossbook.logit(np.array([0.99]))
    log_loss = lossbook.numerical_gradient(
        lambda t: lossbook.binary_cross_entropy_with_logits(
            [0.0], t, reduction="sum"
        ),
        z,
    )
    half_squared = lossbook.numerical_gradient(
        lambda t: (
            0.5 * lossbook.mse([0.0], lossbook.sigmoid(t), reduction="sum")
        ),
        z,
    )
    # 0.99 and 0.99 * 0.99 * 0.01 = 0.009801, by hand
    assert log_loss[0] == pytest.approx(0.99, abs=1e-6)
    assert half_squared[0] == pytest.approx(0.009801, abs=1e-6)


def test_soft_target_optimum_is_ln_9():
    """The syllabus: for a target of 0.9 the best logit is ln 9."""
    assert round(glued_number(GRADIENTS, "soft_best_logit"), 6) == round(
        np.log(9), 6
    )


def test_from_scratch_training_matches_lossbook():
    """The chapter's loop and lossbook.LogisticRegression end at the same loss."""
    assert glued_number(GRADIENTS, "scratch_loss_final") == pytest.approx(
        glued_number(GRADIENTS, "lossbook_loss_final"), abs=1e-9
    )
    assert glued_number(GRADIENTS, "scratch_loss_final") < np.log(2)


def test_squared_error_stalls_where_log_loss_does_not():
    # after 100 epochs from the bad start, squared error has recovered less than
    # 10 % of its loss, while log loss is already near its optimum after 2 epochs
    assert glued_number(GRADIENTS, "stall_se_epoch100") > 0.9 * glued_number(
        GRADIENTS, "stall_se_start"
    )
    assert glued_number(GRADIENTS, "stall_ll_epoch2") < 1.25 * glued_number(
        GRADIENTS, "scratch_loss_final"
    )
    assert glued_number(GRADIENTS, "stall_se_escape") > 100


def test_second_update_exercise():
    """x = [1, -2], y = 0, a = 0.8: by hand a - y = 0.8 and dL/dw = 0.8 [1, -2]."""
    assert round(glued_number(GRADIENTS, "ex_update_error"), 1) == 0.8
    assert round(glued_number(GRADIENTS, "ex_update_grad_w1"), 1) == 0.8
    assert round(glued_number(GRADIENTS, "ex_update_grad_w2"), 1) == -1.6


def test_peak_of_the_squared_error_gradient():
    """g(a) = a^2 (1 - a) peaks at a = 2/3 with g = 4/27 (g'(a) = a(2 - 3a));
    log loss there sends back a - y = 2/3, that is (2/3) / (4/27) = 4.5 times more."""
    assert glued_number(GRADIENTS, "mse_peak_value") == pytest.approx(
        4 / 27, abs=1e-6
    )
    assert round(glued_number(GRADIENTS, "mse_peak_ratio"), 1) == 4.5


def test_squared_error_gradient_is_far_smaller_at_z_8():
    """At z = 8, a / (2a a(1 - a)) = 1 / (2 sigma(8) sigma(-8)) = (1 + e^8)^2 / (2 e^8)
    = 2 cosh(4)^2, about 1491: the chapter's 'about ... times smaller'."""
    expected = 2 * math.cosh(4) ** 2
    assert round(expected) == 1491
    assert glued_number(GRADIENTS, "stall_grad_ratio_z8") == pytest.approx(
        expected, rel=1e-9
    )


# ---------------------------------------------------------------- second edition


def test_large_mistake_signal():
    """y = 0, a = 0.9: a - y = 0.9, by hand (the syllabus's two examples are
    checked by tests/test_syllabus.py)."""
    assert round(glued_number(GRADIENTS, "grad_a09_y0"), 6) == 0.9


def test_probit_link_is_not_prediction_minus_target():
    """Bernoulli with the probit link a = Phi(z): dL/dz = (a - y) phi(z) / (a(1 - a)),
    which for y = 1 is -phi(z) / Phi(z); at z = 1 that is about -0.2876, not
    a - y = Phi(1) - 1, about -0.1587 (Phi from math.erf, phi by hand)."""
    Phi = 0.5 * (1 + math.erf(1 / math.sqrt(2)))
    phi = math.exp(-0.5) / math.sqrt(2 * math.pi)
    assert glued_number(GRADIENTS, "probit_a_minus_y") == pytest.approx(
        Phi - 1, abs=1e-9
    )
    assert glued_number(GRADIENTS, "probit_grad") == pytest.approx(
        -phi / Phi, abs=1e-6
    )
    assert round(-phi / Phi, 3) == -0.288


def test_steepest_ascent_is_the_gradient_direction():
    """The gradient (-1.4, -0.7) points at atan2(-0.7, -1.4) = 206.57 degrees;
    on a grid of whole degrees the steepest ascent is 207 and descent 27."""
    angle = math.degrees(math.atan2(-0.7, -1.4)) % 360
    assert glued_number(GRADIENTS, "gradient_angle") == pytest.approx(
        angle, abs=1e-9
    )
    assert glued_number(GRADIENTS, "steepest_ascent_angle") == round(angle)
    assert glued_number(GRADIENTS, "steepest_descent_angle") == round(
        angle - 180
    )


def test_the_blobs_are_balanced_so_the_prior_entropy_is_ln_2():
    """make_blobs(200) puts 100 samples in each class: pi = 1/2, H(pi) = ln 2."""
    _, y = lossbook.datasets.make_blobs(n_samples=200, random_state=0)
    assert int(y.sum()) == 100
    assert glued_number(GRADIENTS, "base_rate") == 0.5


def test_log_loss_recovers_far_faster_than_squared_error():
    """The stall experiment over 50 data sets: the 95 % intervals of the share
    of the starting loss left after 10 and after 100 epochs do not overlap,
    and squared error needs many times the epochs log loss needs to halve its
    loss."""
    assert glued_number(GRADIENTS, "stall_n_sets") == 50
    for epoch in (10, 100):
        ll = glued_number(GRADIENTS, f"stall_ll_left{epoch}")
        ll_ci = glued_number(GRADIENTS, f"stall_ll_left{epoch}_ci")
        se = glued_number(GRADIENTS, f"stall_se_left{epoch}")
        se_ci = glued_number(GRADIENTS, f"stall_se_left{epoch}_ci")
        assert ll + ll_ci < se - se_ci
    slowest_ll = glued_number(GRADIENTS, "stall_ll_slowest")
    assert 1 <= slowest_ll <= 2
    assert glued_number(GRADIENTS, "stall_se_fastest") > 10 * slowest_ll
    mean = glued_number(GRADIENTS, "stall_se_escape_mean")
    half = glued_number(GRADIENTS, "stall_se_escape_ci")
    assert (
        glued_number(GRADIENTS, "stall_se_fastest")
        <= mean - half
        < mean + half
        <= glued_number(GRADIENTS, "stall_se_slowest")
    )


def _mean_log_loss(theta, X1, y):
    """Mean log loss from its definition, log(1 + e^z) - y z, without lossbook."""
    z = X1 @ theta
    return float(np.mean(np.logaddexp(0, z) - y * z))


def test_hessian_formula_matches_second_differences():
    """X~^T diag(a(1 - a)) X~ / n against central second differences of the
    mean log loss, at a random theta (independent of the chapter's code)."""
    X, y = lossbook.datasets.make_blobs(n_samples=200, random_state=0)
    X1 = np.column_stack([X, np.ones(len(X))])
    theta = np.array([0.7, -1.2, 0.4])
    a = 1 / (1 + np.exp(-(X1 @ theta)))
    formula = X1.T @ (X1 * (a * (1 - a))[:, None]) / len(X1)
    h, eye = 1e-4, np.eye(3)
    numeric = np.array(
        [
            [
                (
                    _mean_log_loss(theta + h * (ej + ek), X1, y)
                    - _mean_log_loss(theta + h * (ej - ek), X1, y)
                    - _mean_log_loss(theta - h * (ej - ek), X1, y)
                    + _mean_log_loss(theta - h * (ej + ek), X1, y)
                )
                / (4 * h * h)
                for ek in eye
            ]
            for ej in eye
        ]
    )
    np.testing.assert_allclose(formula, numeric, atol=1e-6)
    assert np.linalg.eigvalsh(formula)[0] > 0


def test_hessian_eigenvalues_are_positive():
    """The chapter's claim: positive at all 200 parameter vectors, flattest far out."""
    assert glued_number(GRADIENTS, "hessian_points") == 200
    smallest = glued_number(GRADIENTS, "hessian_min_eig")
    assert 0 < smallest <= glued_number(GRADIENTS, "hessian_min_eig_path")
    assert glued_number(GRADIENTS, "hessian_flattest_certain") > 0.5


def _toy_second_derivatives(w):
    """d^2/dw^2 of the two mean losses of the chapter's five points, z = w x,
    from the formulas a(1 - a) x^2 and a(1 - a)[a(1 - a) + (a - y)(1 - 2a)] x^2."""
    x = np.array([-3.0, -1.0, 1.0, 2.0, 3.0])
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0])
    a = 1 / (1 + np.exp(-np.outer(w, x)))
    slope = a * (1 - a)
    log_loss = np.mean(slope * x**2, axis=-1)
    squared = np.mean(slope * (slope + (a - y) * (1 - 2 * a)) * x**2, axis=-1)
    return log_loss, squared


def test_log_loss_is_convex_and_squared_error_is_not_on_the_toy_data():
    w = np.linspace(-5, 5, 2001)[1:-1]
    log_loss, squared = _toy_second_derivatives(w)
    assert glued_number(GRADIENTS, "toy_ll_min_curvature") == pytest.approx(
        log_loss.min(), abs=1e-4
    )
    assert log_loss.min() > 0
    bend = glued_number(GRADIENTS, "toy_se_bend_at")
    _, at_bend = _toy_second_derivatives(np.array([bend]))
    assert glued_number(GRADIENTS, "toy_se_min_curvature") == pytest.approx(
        at_bend[0], abs=1e-4
    )
    assert at_bend[0] < 0
    assert squared.min() == pytest.approx(at_bend[0], abs=1e-4)


def test_weighted_gradient_optimum():
    """a* = w+ y / (1 + (w+ - 1) y) = 3 * 0.5 / (1 + 2 * 0.5) = 0.75, by hand."""
    assert glued_number(GRADIENTS, "ex_weighted_a_star") == pytest.approx(0.75)


def test_gradients_at_a_0999():
    """Log loss a = 0.999 against squared error a^2 (1 - a) = 0.999^2 * 0.001:
    the ratio is 1 / (0.999 * 0.001), about 1001."""
    assert glued_number(GRADIENTS, "ex_se_grad_a0999") == pytest.approx(
        0.998001e-3, rel=1e-9
    )
    assert glued_number(GRADIENTS, "ex_ratio_a0999") == pytest.approx(
        1 / (0.999 * 0.001), rel=1e-9
    )
    assert round(glued_number(GRADIENTS, "ex_ratio_a0999")) == 1001


def test_two_local_minima_of_squared_error():
    """x = (1, 1, 1, 1, 10), y = (1, 1, 1, 0, 0), z = w x.  Squared error: the
    derivative mean (a - y) a (1 - a) x vanishes at both glued minima, one
    negative and one next to ln 3 (where the group's sigma(w) = 3/4); log loss:
    its single root of mean (a - y) x, found with SciPy's brentq."""
    from scipy.optimize import brentq

    x = np.array([1.0, 1.0, 1.0, 1.0, 10.0])
    y = np.array([1.0, 1.0, 1.0, 0.0, 0.0])

    def se_slope(w):
        a = 1 / (1 + np.exp(-w * x))
        return np.mean((a - y) * a * (1 - a) * x)

    def ll_slope(w):
        return np.mean((1 / (1 + np.exp(-w * x)) - y) * x)

    left = glued_number(GRADIENTS, "two_minima_left")
    right = glued_number(GRADIENTS, "two_minima_right")
    assert left < 0 < right
    assert abs(right - math.log(3)) < 0.01
    for w in (left, right):
        root = brentq(se_slope, w - 0.01, w + 0.01)
        assert w == pytest.approx(root, abs=2e-4)
    ll_root = brentq(ll_slope, -3, 3)
    assert glued_number(GRADIENTS, "two_minima_ll") == pytest.approx(
        ll_root, abs=2e-4
    )


def test_the_right_minimum_is_the_worse_trap():
    """The ridge lies between the two minima, and the right minimum (the one
    gradient descent reaches from its side) has the higher loss."""
    left = glued_number(GRADIENTS, "two_minima_left")
    right = glued_number(GRADIENTS, "two_minima_right")
    assert left < glued_number(GRADIENTS, "two_minima_ridge") < right
    assert glued_number(GRADIENTS, "two_minima_right_loss") > glued_number(
        GRADIENTS, "two_minima_left_loss"
    )


# ------------------------------------------------ the stall, by learning rate


def _stall_by_hand(rate, scale=4, epochs=200, losses=("log", "squared")):
    """The chapter's stall experiment written again from its description:
    make_blobs seeds 0 to 49, the start -scale times the parameters that
    LogisticRegression fits with the chapter's settings, mini-batches of 20
    in one order per epoch (default_rng(0)), the gradient a - y for log loss
    and (a - y) a (1 - a) for (1/2)(a - y)^2.  Returns, per loss, the first
    epoch whose mean loss is below half the start on each data set and the
    final share of misclassified training points."""
    X0, y0 = lossbook.datasets.make_blobs(n_samples=200, random_state=0)
    fit = lossbook.LogisticRegression(
        loss="log_loss",
        learning_rate=0.05,
        epochs=100,
        batch_size=20,
        random_state=0,
    ).fit(X0, y0)
    data = [
        lossbook.datasets.make_blobs(200, random_state=s) for s in range(50)
    ]
    X = np.stack([d[0] for d in data])
    y = np.stack([d[1] for d in data]).astype(float)

    def value(kind, z):
        a = 1 / (1 + np.exp(-z))
        if kind == "log":
            return np.mean(np.logaddexp(0, z) - y * z, axis=-1)
        return np.mean(0.5 * (a - y) ** 2, axis=-1)

    out = {}
    for kind in losses:
        w = np.tile(-scale * fit.coef_, (50, 1))
        b = np.full(50, -scale * fit.intercept_)
        start = value(kind, np.einsum("snd,sd->sn", X, w) + b[:, None])
        rng = np.random.default_rng(0)
        halved = np.full(50, -1)
        for epoch in range(1, epochs + 1):
            order = rng.permutation(200)
            for first in range(0, 200, 20):
                batch = order[first : first + 20]
                z = np.einsum("snd,sd->sn", X[:, batch], w) + b[:, None]
                a = 1 / (1 + np.exp(-z))
                g = a - y[:, batch]
                if kind == "squared":
                    g = g * a * (1 - a)
                w = w - rate * np.einsum("snd,sn->sd", X[:, batch], g) / 20
                b = b - rate * g.mean(axis=1)
            z = np.einsum("snd,sd->sn", X, w) + b[:, None]
            now = (value(kind, z) < start / 2) & (halved < 0)
            halved[now] = epoch
        assert np.all(halved > 0)
        out[kind] = halved, np.mean((z > 0) != y, axis=1)
    return out


@pytest.mark.slow  # an independent re-run of the experiment: make test-slow
def test_the_plateau_lasts_about_65_over_the_rate():
    """At rates 0.5, 2 and 20, recomputed: log loss halves its loss in the
    first epoch; squared error's mean epochs match the glued ones, and rate
    times epochs stays near 65 (creeping up at 20, where an epoch of ten
    steps is counted whole)."""
    for rate, key in ((0.5, "05"), (2, "2"), (20, "20")):
        runs = _stall_by_hand(rate)
        ll_epochs, ll_error = runs["log"]
        se_epochs, se_error = runs["squared"]
        assert np.all(ll_epochs == 1)
        assert glued_number(GRADIENTS, f"sweep_ll_slowest_{key}") == 1
        assert glued_number(
            GRADIENTS, f"sweep_se_epochs_{key}"
        ) == pytest.approx(se_epochs.mean(), abs=1e-9)
        assert glued_number(GRADIENTS, f"sweep_product_{key}") == (
            pytest.approx(rate * se_epochs.mean(), abs=1e-9)
        )
        assert 60 <= rate * se_epochs.mean() <= 80
        assert glued_number(GRADIENTS, f"sweep_err_ll_{key}") == (
            pytest.approx(ll_error.mean(), abs=1e-9)
        )
        assert glued_number(GRADIENTS, f"sweep_err_se_{key}") == (
            pytest.approx(se_error.mean(), abs=1e-9)
        )
        if rate == 0.5:
            assert glued_number(
                GRADIENTS, "stall_se_escape_mean"
            ) == pytest.approx(se_epochs.mean(), abs=1e-9)
        if rate == 20:
            assert se_epochs.max() == glued_number(
                GRADIENTS, "sweep_se_slowest_20"
            )
            assert se_epochs.max() <= 6


def test_tuned_rates_end_no_worse_for_squared_error():
    """The prose: squared error's training error is about the same at rates
    0.5 and 20, log loss's is clearly worse at 20; at 0.5 the paired
    difference of the two losses' final errors is small."""
    se_05 = glued_number(GRADIENTS, "sweep_err_se_05")
    se_20 = glued_number(GRADIENTS, "sweep_err_se_20")
    ll_05 = glued_number(GRADIENTS, "sweep_err_ll_05")
    ll_20 = glued_number(GRADIENTS, "sweep_err_ll_20")
    assert abs(se_20 - se_05) < 0.01
    assert ll_20 > ll_05 + 0.02
    assert glued_number(GRADIENTS, "stall_err_ll") == pytest.approx(ll_05)
    assert glued_number(GRADIENTS, "stall_err_se") == pytest.approx(se_05)
    diff = glued_number(GRADIENTS, "stall_err_diff")
    assert diff == pytest.approx(se_05 - ll_05, abs=1e-12)
    assert abs(diff) < 0.01
    assert 0 < glued_number(GRADIENTS, "stall_err_diff_ci") < 0.01


def test_paired_escape_difference():
    """Log loss halves in epoch 1 on every set, so the paired difference is
    squared error's mean minus 1, with the same half-width."""
    mean = glued_number(GRADIENTS, "stall_se_escape_mean")
    half = glued_number(GRADIENTS, "stall_se_escape_ci")
    assert glued_number(GRADIENTS, "stall_escape_diff") == pytest.approx(
        mean - 1, abs=1e-9
    )
    assert glued_number(GRADIENTS, "stall_escape_diff_ci") == pytest.approx(
        half, abs=1e-9
    )


@pytest.mark.slow  # an independent re-run of the experiment: make test-slow
def test_the_plateau_grows_with_the_depth_of_the_start():
    """At rate 5, recomputed for factors 2 and 6: log loss halves in epoch 1,
    squared error's plateau grows from a few epochs to dozens."""
    means = {}
    for scale in (2, 6):
        se_epochs, _ = _stall_by_hand(5.0, scale, 400, ("squared",))["squared"]
        means[scale] = se_epochs.mean()
        assert glued_number(
            GRADIENTS, f"depth_se_mean_{scale}"
        ) == pytest.approx(se_epochs.mean(), abs=1e-9)
        assert glued_number(GRADIENTS, f"depth_se_slowest_{scale}") == (
            se_epochs.max()
        )
    assert means[6] > 10 * means[2]
    for scale in (2, 3, 4, 5, 6):
        assert glued_number(GRADIENTS, f"depth_ll_slowest_{scale}") == 1
    growth = glued_number(GRADIENTS, "depth_growth")
    assert growth == pytest.approx(
        (means[6] / glued_number(GRADIENTS, "depth_se_mean_3")) ** (1 / 3)
    )
    assert 1.5 < growth < 3


def test_the_deeper_stall_exercise():
    """From intercept 8, squared error gets below half its start sooner at
    rate 5 than at rate 2, roughly in inverse proportion."""
    at_2 = glued_number(GRADIENTS, "ex_stall_epoch_2")
    at_5 = glued_number(GRADIENTS, "ex_stall_epoch_5")
    assert 1 < at_5 < at_2 <= 200
    assert 0.7 < (5 * at_5) / (2 * at_2) < 1.3
    for rate in (2, 5):
        assert glued_number(GRADIENTS, f"ex_stall_acc_{rate}") > 0.75


# ------------------------------------------------ minima and penalties


def _penalised_fit(x, y, l2):
    """Mean log loss of one feature plus (l2 / 2) w^2, minimised by SciPy."""
    from scipy.optimize import minimize

    def objective(p):
        z = p[0] * x + p[1]
        return np.mean(np.logaddexp(0, z) - y * z) + 0.5 * l2 * p[0] ** 2

    def gradient(p):
        z = p[0] * x + p[1]
        r = 1 / (1 + np.exp(-z)) - y
        return np.array([np.mean(r * x) + l2 * p[0], np.mean(r)])

    result = minimize(
        objective, np.zeros(2), jac=gradient, method="BFGS", tol=1e-12
    )
    return result.x


def test_separable_data_have_no_minimum_without_a_penalty():
    """x = (-2, -1, 1, 2), y = (0, 0, 1, 1): the penalised minimiser, found by
    SciPy, grows as lambda shrinks."""
    x = np.array([-2.0, -1.0, 1.0, 2.0])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    previous = 0.0
    for k in (1, 2, 3):
        w = glued_number(GRADIENTS, f"sep_w_l2_{k}")
        assert w == pytest.approx(_penalised_fit(x, y, 10.0**-k)[0], abs=1e-5)
        assert w > previous + 1
        previous = w


def test_duplicated_feature_penalty_shrinks_the_sum():
    """With x2 = x1 the penalised minimiser has w1 = w2 = s / 2, where s
    minimises the one-feature loss plus (lambda / 4) s^2 (penalty
    lambda / 2 (s^2 / 4 + s^2 / 4)); s approaches the unpenalised weight only
    as lambda shrinks."""
    X, y = lossbook.datasets.make_blobs(n_samples=200, random_state=0)
    x = X[:, 0]
    free = _penalised_fit(x, y, 0.0)[0]
    assert glued_number(GRADIENTS, "copy_sum_free") == pytest.approx(
        free, abs=1e-5
    )
    gaps = []
    for k in (1, 2, 3):
        s = _penalised_fit(x, y, 10.0**-k / 2)[0]
        assert glued_number(GRADIENTS, f"copy_sum_l2_{k}") == pytest.approx(
            s, abs=1e-5
        )
        gaps.append(free - s)
    assert gaps[0] > gaps[1] > gaps[2] > 0
