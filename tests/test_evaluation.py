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
