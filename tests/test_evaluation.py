"""lossbook.evaluation: the measurement rules the experiments share, checked
against SciPy and scikit-learn, on cases worked by hand, and for bad input."""

import math

import numpy as np
import pytest
import scipy.stats
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.metrics import precision_recall_curve as sk_precision_recall_curve

import lossbook
from lossbook import evaluation as ev
from tests.helpers import raises

# ------------------------------------------------------------- intervals


@pytest.mark.parametrize("df", [1, 2, 3, 4, 9, 29, 99, 1000, 10**4])
@pytest.mark.parametrize("p", [0.5, 0.6, 0.9, 0.95, 0.975, 0.995, 0.025])
def test_t_quantile_matches_scipy(p, df):
    expected = scipy.stats.t.ppf(p, df)
    assert math.isclose(
        ev.t_quantile(p, df), expected, rel_tol=1e-12, abs_tol=1e-15
    )


def test_t_quantile_with_a_million_degrees_of_freedom():
    # the series has df / 2 terms: its rounding grows with df
    expected = scipy.stats.t.ppf(0.975, 10**6)
    assert math.isclose(ev.t_quantile(0.975, 10**6), expected, rel_tol=1e-10)


def test_t_quantile_by_hand():
    # df = 1 is the Cauchy distribution: quantile tan(pi (p - 1/2))
    assert math.isclose(
        ev.t_quantile(0.975, 1), math.tan(0.475 * math.pi), rel_tol=1e-12
    )
    # df = 2: t = (2p - 1) / sqrt(2 p (1 - p))
    p = 0.9
    assert math.isclose(
        ev.t_quantile(p, 2),
        (2 * p - 1) / math.sqrt(2 * p * (1 - p)),
        rel_tol=1e-12,
    )


def test_mean_interval_is_the_t_interval():
    rng = np.random.default_rng(0)
    values = rng.normal(size=12)
    mean, half = ev.mean_interval(values, confidence=0.9)
    low, high = scipy.stats.t.interval(
        0.9, 11, loc=values.mean(), scale=scipy.stats.sem(values)
    )
    assert math.isclose(mean, values.mean())
    assert math.isclose(mean - half, low, rel_tol=1e-12)
    assert math.isclose(mean + half, high, rel_tol=1e-12)


def test_mean_interval_along_an_axis():
    values = np.arange(12.0).reshape(3, 4)
    mean, half = ev.mean_interval(values, axis=1)
    for row, m, h in zip(values, mean, half, strict=True):
        assert (m, h) == ev.mean_interval(row)


def test_paired_difference_is_narrower_than_the_unpaired_means_when_sets_share_difficulty():
    rng = np.random.default_rng(1)
    difficulty = rng.normal(size=40)
    a = difficulty + 0.01 * rng.normal(size=40)
    b = difficulty + 0.05 + 0.01 * rng.normal(size=40)
    diff, half = ev.paired_difference(a, b)
    assert half < 0.01 < ev.mean_interval(a)[1]
    assert diff + half < 0  # the 0.05 gap is found
    assert (diff, half) == ev.mean_interval(a - b)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ev.t_quantile(1.0, 3), r"^p must lie in \(0, 1\)"),
        (lambda: ev.t_quantile(0.0, 3), r"^p must lie in \(0, 1\]"),
        (lambda: ev.t_quantile(0.9, 0), r"^df must lie in \[1, inf\]"),
        (lambda: ev.t_quantile(0.9, 2.5), r"^df must be an integer"),
        (
            lambda: ev.mean_interval([1.0]),
            r"^values must hold at least 2 values",
        ),
        (
            lambda: ev.mean_interval([1.0, 2.0], confidence=1),
            r"^confidence must lie in \(0, 1\)",
        ),
        (lambda: ev.mean_interval([1.0, np.nan]), r"^values contains NaN"),
        (
            lambda: ev.paired_difference([1.0, 2.0], [1.0]),
            r"^a and b must have the same shape",
        ),
    ],
)
def test_bad_input_for_intervals(call, message):
    with raises(message):
        call()


# ------------------------------------------------------------- rankings


def scored_sets(n_sets=6, n=40, seed=3, ties=False):
    rng = np.random.default_rng(seed)
    y = (rng.random((n_sets, n)) < 0.3).astype(float)
    y[:, 0] = 1  # a positive in every row
    s = y + rng.normal(size=(n_sets, n))
    if ties:
        s = np.round(s, 1)
    return y, s


@pytest.mark.parametrize("ties", [False, True])
def test_precision_recall_curve_matches_scikit_learn(ties):
    y, s = scored_sets(ties=ties)
    for row_y, row_s in zip(y, s, strict=True):
        ours = ev.precision_recall_curve(row_y, row_s)
        theirs = sk_precision_recall_curve(row_y, row_s)
        for a, b in zip(ours, theirs, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-15)


@pytest.mark.parametrize("ties", [False, True])
def test_average_precision_matches_scikit_learn_row_by_row(ties):
    y, s = scored_sets(ties=ties)
    expected = [
        average_precision_score(a, b) for a, b in zip(y, s, strict=True)
    ]
    np.testing.assert_allclose(
        ev.average_precision(y, s), expected, rtol=1e-14
    )
    assert ev.average_precision(y[0], s[0]) == pytest.approx(
        expected[0], rel=1e-14
    )


def test_average_precision_by_hand():
    # ranking + - + -: precision 1 at recall 1/2, 2/3 at recall 1
    assert ev.average_precision([1, 0, 1, 0], [4, 3, 2, 1]) == pytest.approx(
        (1 + 2 / 3) / 2
    )
    assert ev.average_precision([1, 1, 0, 0], [4, 3, 2, 1]) == 1.0


def test_precision_at_recall_reads_every_model_just_after_a_positive():
    # ranking + - - + - : recall 1/2 at rank 1, recall 1 at rank 4
    y = [1, 0, 0, 1, 0]
    s = [5, 4, 3, 2, 1]
    assert ev.precision_at_recall(y, s, 0.5) == 1.0
    assert ev.precision_at_recall(y, s, 1.0) == 0.5
    np.testing.assert_array_equal(
        ev.precision_at_recall(y, s, [0.25, 0.75]), [1.0, 0.5]
    )


def test_precision_at_recall_flags_ties_together():
    # the second positive ties with a negative: both are flagged at once
    assert ev.precision_at_recall(
        [1, 1, 0], [2.0, 1.0, 1.0], 1.0
    ) == pytest.approx(2 / 3)


def test_precision_at_recall_is_the_curve_at_the_highest_threshold_reaching_the_level():
    y, s = scored_sets(ties=True)
    levels = np.array([0.1, 0.5, 0.9, 1.0])
    table = ev.precision_at_recall(y, s, levels)
    assert table.shape == (y.shape[0], levels.size)
    for row, (a, b) in enumerate(zip(y, s, strict=True)):
        precision, recall, _ = sk_precision_recall_curve(a, b)
        for col, level in enumerate(levels):
            highest = np.flatnonzero(recall[:-1] >= level).max()
            assert table[row, col] == pytest.approx(
                precision[highest], rel=1e-15
            )


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: ev.average_precision([0, 0], [1.0, 2.0]),
            r"^y_true must hold a positive in every row",
        ),
        (
            lambda: ev.average_precision([0, 2], [1.0, 2.0]),
            r"^y_true must contain only 0 and 1",
        ),
        (
            lambda: ev.average_precision([0, 1], [1.0]),
            r"^y_true and y_score must have the same shape",
        ),
        (
            lambda: ev.average_precision([0, 1], [1.0, np.nan]),
            r"^y_score contains NaN",
        ),
        (
            lambda: ev.precision_at_recall([0, 1], [1.0, 2.0], 0.0),
            r"^recall must lie in \(0, 1\]",
        ),
        (
            lambda: ev.precision_at_recall([0, 1], [1.0, 2.0], 1.5),
            r"^recall must lie in \(0, 1\]",
        ),
        (
            lambda: ev.precision_recall_curve([[0, 1]], [[1.0, 2.0]]),
            r"^y_true must be 1-D",
        ),
    ],
)
def test_bad_input_for_rankings(call, message):
    with raises(message):
        call()


# ------------------------------------------------------------- fits


def blobs(n_sets=4, n=60, seed=5, separation=1.0):
    rng = np.random.default_rng(seed)
    y = (rng.random((n_sets, n)) < 0.4).astype(float)
    X = rng.normal(size=(n_sets, n, 2)) + separation * y[..., None]
    return X, y


@pytest.mark.parametrize("l2", [0.0, 0.05])
@pytest.mark.parametrize("pos_weight", [None, 3.0])
def test_fit_logistic_matches_scikit_learn(l2, pos_weight):
    X, y = blobs()
    fitted = ev.fit_logistic(X, y, l2=l2, pos_weight=pos_weight)
    n = y.shape[1]
    for Xs, ys, v in zip(X, y, fitted, strict=True):
        model = SkLogisticRegression(
            C=np.inf if l2 == 0 else 1 / (n * l2), tol=1e-14, max_iter=100_000
        )
        weight = (
            None if pos_weight is None else np.where(ys == 1, pos_weight, 1.0)
        )
        model.fit(Xs, ys, sample_weight=weight)
        np.testing.assert_allclose(
            v, np.r_[model.coef_[0], model.intercept_], rtol=1e-6, atol=1e-8
        )


def test_fit_logistic_reaches_the_minimum_lossbook_logistic_regression_approaches():
    X, y = blobs(n_sets=1)
    v = ev.fit_logistic(X[0], y[0], label_smoothing=0.1, l2=0.01)
    model = lossbook.LogisticRegression(
        epochs=2000, label_smoothing=0.1, l2=0.01
    )
    model.fit(X[0], y[0])
    np.testing.assert_allclose(
        v, np.r_[model.coef_, model.intercept_], atol=1e-12
    )


def test_fit_logistic_zeroes_the_gradient():
    X, y = blobs()
    eps, l2 = 0.2, 0.03
    v = ev.fit_logistic(X, y, label_smoothing=eps, l2=l2)
    z = np.einsum("snd,sd->sn", X, v[:, :2]) + v[:, 2:]
    dz = lossbook.gradients.binary_cross_entropy_with_logits(
        y, z, label_smoothing=eps
    )
    grad_w = np.einsum("sn,snd->sd", dz, X) / y.shape[1] + l2 * v[:, :2]
    grad_b = dz.mean(axis=1)
    assert np.abs(grad_w).max() < 1e-14 and np.abs(grad_b).max() < 1e-14


def test_fit_logistic_refuses_separable_data_without_a_penalty():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    with raises(r"^no minimum found in max_iter=100 Newton steps"):
        ev.fit_logistic(X, [0, 0, 1, 1])
    # with a penalty the minimum exists
    assert np.all(np.isfinite(ev.fit_logistic(X, [0, 0, 1, 1], l2=0.01)))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"X": np.zeros((2, 3, 1)), "y": np.zeros((2, 4))},
            r"^y must have shape \(2, 3\) to match X",
        ),
        ({"y": np.full((4, 60), 0.5)}, r"^y must contain only 0 and 1"),
        ({"l2": -1.0}, r"^l2 must lie in \[0, inf\]"),
        ({"label_smoothing": 2.0}, r"^label_smoothing must lie in \[0, 1\]"),
        ({"pos_weight": 0.0}, r"^pos_weight must lie in \(0, inf\]"),
        ({"max_iter": 0}, r"^max_iter must lie in \[1, inf\]"),
        ({"X": np.zeros(3)}, r"^X must have \(2, 3\) dimension"),
    ],
)
def test_bad_input_for_fits(kwargs, message):
    X, y = blobs()
    args = {"X": X, "y": y} | kwargs
    X, y = args.pop("X"), args.pop("y")
    with raises(message):
        ev.fit_logistic(X, y, **args)


# ------------------------------------------------------------- temperature


def _slope_root(y, z):
    """The c >= 0 where the slope of the mean log loss of c z is zero, by
    SciPy's brentq on the slope (scipy.special.expit), bracketed by doubling."""
    from scipy.optimize import brentq
    from scipy.special import expit

    def slope(c):
        return np.mean(z * (expit(c * z) - y))

    hi = 1.0
    while slope(hi) <= 0:
        hi *= 2
    return brentq(slope, 0.0, hi, xtol=1e-300, rtol=8.9e-16, maxiter=500)


def test_fit_temperature_matches_a_scipy_root_row_by_row():
    rng = np.random.default_rng(7)
    z = 3 * rng.normal(size=(6, 80))
    y = (rng.random((6, 80)) < 1 / (1 + np.exp(-z / 2.5))).astype(float)
    temperatures = ev.fit_temperature(y, z)
    assert temperatures.shape == (6,)
    for row_y, row_z, T in zip(y, z, temperatures, strict=True):
        assert T == pytest.approx(1 / _slope_root(row_y, row_z), rel=1e-13)
        assert ev.fit_temperature(row_y, row_z) == T


def test_fit_temperature_minimises_the_log_loss():
    # an independent check on the loss itself (which resolves only about
    # eight digits): SciPy's bounded minimiser over T
    from scipy.optimize import minimize_scalar
    from scipy.special import log_expit

    rng = np.random.default_rng(8)
    z = 4 * rng.normal(size=200)
    y = (rng.random(200) < 1 / (1 + np.exp(-z / 3))).astype(float)

    def loss(T):
        return -np.mean(np.where(y == 1, log_expit(z / T), log_expit(-z / T)))

    best = minimize_scalar(
        loss, bounds=(0.1, 20.0), method="bounded", options={"xatol": 1e-9}
    )
    T = ev.fit_temperature(y, z)
    assert T == pytest.approx(best.x, rel=1e-6)
    assert loss(T) <= best.fun


def test_fit_temperature_by_hand():
    # labels 1, 1, 0 at logits 1, 1, 1: the slope (3 sigma(c) - 2) / 3 is
    # zero at sigma(c) = 2/3, c = ln 2
    T = ev.fit_temperature([1, 1, 0], [1.0, 1.0, 1.0])
    assert T == pytest.approx(1 / math.log(2), rel=1e-14)
    # labels 1 and 0 at logits 2 and -1, and 0 at 1: doubling the logits
    # halves what they must be divided by
    y, z = np.array([1.0, 0.0, 0.0]), np.array([2.0, -1.0, 1.0])
    assert ev.fit_temperature(y, 2 * z) == pytest.approx(
        2 * ev.fit_temperature(y, z), rel=1e-14
    )


def test_fit_temperature_without_a_finite_positive_minimiser():
    # every sample on its right side: the loss falls as long as c grows
    assert ev.fit_temperature([1, 0], [2.0, -1.0]) == 0.0
    # logits pointing the wrong way, or carrying nothing: best at c = 0
    assert ev.fit_temperature([1, 0], [-2.0, 1.0]) == math.inf
    assert ev.fit_temperature([1, 0], [1.0, 1.0]) == math.inf
    np.testing.assert_array_equal(
        ev.fit_temperature([[1, 0], [1, 1]], [[-1.0, 1.0], [2.0, 3.0]]),
        [math.inf, 0.0],
    )


# ------------------------------------------------------------- descent


def _plain_descent(X, y, X_val, y_val, *, scale, l2, eps, epochs):
    """A reference written without lossbook or array arithmetic: one run, a
    loop over epochs, samples and features, the sigmoid as (1 + tanh(z/2))/2
    and the log loss as log1p(exp(-|m|)) + max(-m, 0) of the margin m; the
    step from SciPy's largest singular value of [X, 1].

    Returns the curves (epochs, 4): training loss, validation loss, training
    accuracy, validation accuracy; then the last weights and the weights at
    the lowest validation loss."""
    from scipy.linalg import svdvals

    rows = [[*map(float, row), 1.0] for row in X]
    n, d = len(rows), len(rows[0])
    step = scale / (svdvals(np.array(rows))[0] ** 2 / (4 * n) + l2)
    targets = [(1 - eps) * label + eps / 2 for label in y]
    v = [0.0] * d

    def score(points, labels):
        total, right = 0.0, 0
        for point, label in zip(points, labels, strict=True):
            z = sum(a * b for a, b in zip([*point, 1.0], v, strict=True))
            m = z if label == 1 else -z
            total += math.log1p(math.exp(-abs(m))) + max(-m, 0.0)
            right += (z > 0) == (label == 1)
        return total / len(labels), right / len(labels)

    curves, best, best_val = [], list(v), math.inf
    for _ in range(epochs):
        grad = [0.0] * d
        for row, target in zip(rows, targets, strict=True):
            z = sum(a * b for a, b in zip(row, v, strict=True))
            residual = (1 + math.tanh(z / 2)) / 2 - target
            for j in range(d):
                grad[j] += residual * row[j] / n
        for j in range(d - 1):  # the penalty leaves the intercept alone
            grad[j] += l2 * v[j]
        v = [vj - step * gj for vj, gj in zip(v, grad, strict=True)]
        (train, train_acc), (val, val_acc) = score(X, y), score(X_val, y_val)
        curves.append((train, val, train_acc, val_acc))
        if val < best_val:
            best, best_val = list(v), val
    return np.array(curves), np.array(v), np.array(best)


def descent_data(n_sets=3, n=30, n_val=25, seed=11):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_sets, n, 3))
    X_val = rng.normal(size=(n_sets, n_val, 3))
    true_w = np.array([1.5, -1.0, 0.5])
    y = (rng.random((n_sets, n)) < 1 / (1 + np.exp(-X @ true_w))).astype(float)
    p_val = 1 / (1 + np.exp(-X_val @ true_w))
    y_val = (rng.random((n_sets, n_val)) < p_val).astype(float)
    return X, y, X_val, y_val


SETTINGS = [  # step scale, l2, label smoothing
    (1.0, 0.0, 0.0),
    (0.5, 0.05, 0.1),
    (1.7, 0.0, 0.3),
    (4.0, 0.0, 0.0),  # beyond 2 / L: the training loss can rise
]


def test_descend_logistic_matches_a_plain_loop_for_every_run():
    X, y, X_val, y_val = descent_data()
    scale, l2, eps = (
        np.array(c)[:, None] for c in zip(*SETTINGS, strict=True)
    )
    runs = ev.descend_logistic(
        X,
        y,
        eval_set=(X_val, y_val),
        step_scale=scale,
        l2=l2,
        label_smoothing=eps,
        epochs=40,
    )
    assert runs.train_loss.shape == (40, len(SETTINGS), 3)
    assert runs.weights.shape == runs.best_weights.shape == (4, 3, 4)
    curves = np.stack(runs[:4], axis=-1)  # (epochs, settings, sets, 4)
    for k, (s, lam, e) in enumerate(SETTINGS):
        for i in range(3):
            ref, last, best = _plain_descent(
                X[i],
                y[i],
                X_val[i],
                y_val[i],
                scale=s,
                l2=lam,
                eps=e,
                epochs=40,
            )
            np.testing.assert_allclose(curves[:, k, i], ref, rtol=1e-10)
            np.testing.assert_allclose(runs.weights[k, i], last, rtol=1e-10)
            np.testing.assert_allclose(
                runs.best_weights[k, i], best, rtol=1e-10
            )


def test_descend_logistic_computes_each_run_as_a_separate_call():
    X, y, X_val, y_val = descent_data()
    runs = ev.descend_logistic(
        X, y, eval_set=(X_val, y_val), l2=[[0.0], [0.1]], epochs=30
    )
    for k, lam in enumerate([0.0, 0.1]):
        for i in range(3):
            one = ev.descend_logistic(
                X[i], y[i], eval_set=(X_val[i], y_val[i]), l2=lam, epochs=30
            )
            assert one.train_loss.shape == (30,) and one.weights.shape == (4,)
            for curve in range(4):  # curves: (epochs, 2, 3)
                np.testing.assert_allclose(
                    runs[curve][:, k, i], one[curve], rtol=1e-14
                )
            for weights in (4, 5):  # weights: (2, 3, 4)
                np.testing.assert_allclose(
                    runs[weights][k, i], one[weights], rtol=1e-14
                )


def test_descend_logistic_takes_the_steps_of_lossbook_logistic_regression():
    X, y, X_val, y_val = descent_data(n_sets=1)
    X, y, X_val, y_val = X[0], y[0], X_val[0], y_val[0]
    run = ev.descend_logistic(X, y, eval_set=(X_val, y_val), epochs=200)
    model = lossbook.LogisticRegression(epochs=200)
    model.fit(X, y, eval_set=(X_val, y_val))
    np.testing.assert_allclose(run.train_loss, model.loss_history_, rtol=1e-12)
    np.testing.assert_allclose(
        run.val_loss, model.eval_loss_history_, rtol=1e-12
    )
    options = {"l2": 0.05, "label_smoothing": 0.2}
    run = ev.descend_logistic(
        X, y, eval_set=(X_val, y_val), epochs=200, **options
    )
    model = lossbook.LogisticRegression(epochs=200, **options).fit(X, y)
    np.testing.assert_allclose(
        run.weights, np.r_[model.coef_, model.intercept_], rtol=1e-12
    )


def test_descend_logistic_at_the_default_step_never_raises_the_loss():
    # the descent lemma: a step below 2 / L lowers an L-smooth objective
    X, y, X_val, y_val = descent_data()
    for scale in (1.0, 1.9):
        run = ev.descend_logistic(
            X, y, eval_set=(X_val, y_val), step_scale=scale, epochs=100
        )
        path = np.vstack([np.full((1, 3), math.log(2)), run.train_loss])
        assert np.all(np.diff(path, axis=0) <= 1e-15)


def test_descend_logistic_keeps_the_weights_of_the_lowest_validation_loss():
    X, y, X_val, y_val = descent_data(n=12, seed=3)  # few points: over-fits
    run = ev.descend_logistic(X, y, eval_set=(X_val, y_val), epochs=300)
    lowest = run.val_loss.min(axis=0)
    assert np.all(lowest < run.val_loss[-1])  # the minimum is not the end
    loss, accuracy = ev.score_logistic(X_val, y_val, weights=run.best_weights)
    np.testing.assert_allclose(loss, lowest, rtol=1e-14)
    first = run.val_loss.argmin(axis=0)
    np.testing.assert_allclose(
        accuracy, run.val_accuracy[first, np.arange(3)], rtol=0
    )


def test_score_logistic_by_hand():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    # logits -1.5, -0.5, 0.5, 1.5 for labels 0, 1, 0, 1: two right, and the
    # losses log(1 + e^-1.5) twice and log(1 + e^0.5) twice
    loss, accuracy = ev.score_logistic(X, [0, 1, 0, 1], weights=[1.0, -1.5])
    expected = (math.log1p(math.exp(-1.5)) + math.log1p(math.exp(0.5))) / 2
    assert loss == pytest.approx(expected, rel=1e-15)
    assert accuracy == 0.5
    # zero weights: every logit 0, the loss ln 2, every sample called 0
    loss, accuracy = ev.score_logistic(X, [0, 1, 1, 1], weights=[0.0, 0.0])
    assert loss == pytest.approx(math.log(2), rel=1e-15)
    assert accuracy == 0.25


def test_score_logistic_matches_scikit_learn_and_broadcasts():
    from sklearn.metrics import accuracy_score
    from sklearn.metrics import log_loss as sk_log_loss

    X, y, _, _ = descent_data()
    weights = np.random.default_rng(4).normal(size=(2, 1, 4))  # 2 x 3 sets
    loss, accuracy = ev.score_logistic(X, y, weights=weights)
    assert loss.shape == accuracy.shape == (2, 3)
    for k in range(2):
        for i in range(3):
            z = X[i] @ weights[k, 0, :3] + weights[k, 0, 3]
            p = 1 / (1 + np.exp(-z))
            assert loss[k, i] == pytest.approx(
                sk_log_loss(y[i], p, labels=[0, 1]), rel=1e-12
            )
            assert accuracy[k, i] == accuracy_score(y[i], z > 0)


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X[0, :, 0], y[0], eval_set=(V, yv)
            ),
            r"^X must have at least 2 dimensions \(samples, features\)",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, y[:, :5], eval_set=(V, yv)
            ),
            r"^y has 5 labels per data set but X has 30 samples",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, 2 * y, eval_set=(V, yv)
            ),
            r"^y must contain only 0 and 1",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(X, y, eval_set=V),
            r"^eval_set must be a pair \(X_val, y_val\)",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, y, eval_set=(V[..., :2], yv)
            ),
            r"^X_val has 2 features but X has 3",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, y, eval_set=(V, yv[:, :4])
            ),
            r"^y_val has 4 labels per data set but X_val has 25 samples",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, y, eval_set=(V, yv), step_scale=[1.0, 0.0]
            ),
            r"^step_scale must lie in \(0, inf\], got 0",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, y, eval_set=(V, yv), l2=-1.0
            ),
            r"^l2 must lie in \[0, inf\], got -1",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, y, eval_set=(V, yv), label_smoothing=1.5
            ),
            r"^label_smoothing must lie in \[0, 1\], got 1.5",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, y, eval_set=(V, yv), epochs=0
            ),
            r"^epochs must lie in \[1, inf\]",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, y, eval_set=(V[:2], yv[:2])
            ),
            r"^the leading shapes of the arguments do not broadcast: "
            r"X \(3,\), y \(3,\), X_val \(2,\)",
        ),
        (
            lambda X, y, V, yv: ev.descend_logistic(
                X, y, eval_set=(V, yv), l2=[0.0, 0.1]
            ),
            r"^the leading shapes of the arguments do not broadcast",
        ),
        (
            lambda X, y, V, yv: ev.score_logistic(X, y, weights=np.zeros(3)),
            r"^weights must end in 4 values \(the 3 weights of X's features, "
            r"then the intercept\), got shape \(3,\)",
        ),
        (
            lambda X, y, V, yv: ev.score_logistic(
                X, y, weights=np.zeros((2, 4))
            ),
            r"^the leading shapes of the arguments do not broadcast: "
            r"X \(3,\), y \(3,\), weights \(2,\)",
        ),
        (
            lambda X, y, V, yv: ev.score_logistic(
                X, np.where(y == 1, np.nan, 0.0), weights=np.zeros(4)
            ),
            r"^y contains NaN",
        ),
        (
            lambda X, y, V, yv: ev.fit_temperature(y, X[..., 0, 0]),
            r"^y and logits must have the same shape, got \(3, 30\) and \(3,\)",
        ),
        (
            lambda X, y, V, yv: ev.fit_temperature(y + 0.5, X[..., 0]),
            r"^y must contain only 0 and 1",
        ),
        (
            lambda X, y, V, yv: ev.fit_temperature(y[0], [np.inf] * 30),
            r"^logits contains NaN or infinity",
        ),
    ],
)
def test_bad_input_for_descent_scores_and_temperature(call, message):
    with raises(message):
        call(*descent_data())
