"""lossbook cross-checked against scikit-learn and SciPy (test-only dependencies)."""

import warnings

import numpy as np
import pytest
import scipy.special
import scipy.stats
import sklearn.calibration
import sklearn.linear_model
import sklearn.metrics

import lossbook
from lossbook import datasets

RNG = np.random.default_rng(12345)
TINY = np.finfo(np.float64).tiny


def assert_close_relative(got, expected, rtol):
    """Relative agreement, with an absolute floor at the smallest normal float."""
    got, expected = np.asarray(got), np.asarray(expected)
    error = np.abs(got - expected)
    assert np.all(error <= rtol * np.abs(expected) + TINY), (
        f"max relative error {np.max(error / np.maximum(np.abs(expected), TINY)):.3g}"
    )


# --------------------------------------------------------------- activations

LOGITS = np.concatenate(
    [
        np.linspace(-1e4, 1e4, 20001),
        np.linspace(-50, 50, 10001),
        [
            -745.0,
            -709.0,
            -36.8,
            -1e-300,
            0.0,
            1e-300,
            36.8,
            709.0,
            710.0,
            745.0,
        ],
    ]
)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (lossbook.sigmoid, scipy.special.expit),
        (lossbook.log_sigmoid, scipy.special.log_expit),
        (lossbook.softplus, lambda z: np.logaddexp(0.0, z)),
    ],
    ids=["sigmoid", "log_sigmoid", "softplus"],
)
def test_elementwise_activations_match_scipy(ours, theirs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = ours(LOGITS)
    assert_close_relative(got, theirs(LOGITS), rtol=1e-14)


def test_logit_matches_scipy():
    p = np.concatenate(
        [
            np.linspace(0, 1, 100001)[1:-1],
            [1e-300, 1e-17, 0.3, 0.65, 1 - 1e-16],
        ]
    )
    assert_close_relative(
        lossbook.logit(p), scipy.special.logit(p), rtol=1e-14
    )
    assert lossbook.logit(np.array([0.0, 1.0])).tolist() == [-np.inf, np.inf]


@pytest.mark.parametrize("scale", [1e-3, 1.0, 30.0, 1e4])
def test_softmax_family_matches_scipy(scale):
    a = RNG.uniform(-scale, scale, (500, 6))
    a[:5, :2] = scale  # ties at the maximum
    for axis in (-1, 0):
        assert_close_relative(
            lossbook.softmax(a, axis=axis),
            scipy.special.softmax(a, axis=axis),
            1e-14,
        )
        assert_close_relative(
            lossbook.log_softmax(a, axis=axis),
            scipy.special.log_softmax(a, axis=axis),
            1e-14,
        )
        assert_close_relative(
            lossbook.logsumexp(a, axis=axis),
            scipy.special.logsumexp(a, axis=axis),
            1e-14,
        )


# --------------------------------------------------------------- log_loss


def _random_proba(n, k):
    return RNG.dirichlet(np.ones(k), n)


@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("normalize", [True, False])
def test_log_loss_matches_sklearn_multiclass(k, weighted, normalize):
    y = RNG.integers(0, k, 200)
    y[:k] = np.arange(k)
    proba = _random_proba(200, k)
    proba[0] = 0.0
    proba[0, (y[0] + 1) % k] = (
        1.0  # zero probability for the true class: clipped
    )
    w = RNG.uniform(0, 3, 200) if weighted else None
    expected = sklearn.metrics.log_loss(
        y, proba, normalize=normalize, sample_weight=w
    )
    got = lossbook.log_loss(y, proba, normalize=normalize, sample_weight=w)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "labels_kind", ["int", "bool", "float", "string", "offset int"]
)
def test_log_loss_matches_sklearn_binary(labels_kind):
    y01 = RNG.integers(0, 2, 300)
    y = {
        "int": y01,
        "bool": y01.astype(bool),
        "float": y01.astype(float),
        "string": np.where(y01 == 1, "yes", "no"),
        "offset int": y01 * 5 + 3,
    }[labels_kind]
    p = RNG.uniform(0, 1, 300)
    p[:4] = [0.0, 1.0, 0.0, 1.0]
    expected = sklearn.metrics.log_loss(y, p)
    assert lossbook.log_loss(y, p) == pytest.approx(expected, rel=1e-12)
    assert lossbook.log_loss(y, p[:, None]) == pytest.approx(
        expected, rel=1e-12
    )


def test_log_loss_matches_sklearn_with_labels():
    y = RNG.integers(1, 4, 50)
    proba = _random_proba(50, 5)
    labels = [0, 1, 2, 3, 4]
    expected = sklearn.metrics.log_loss(y, proba, labels=labels)
    assert lossbook.log_loss(y, proba, labels=labels) == pytest.approx(
        expected, rel=1e-12
    )
    y_str = np.array(["b", "c", "c", "b"])
    proba = _random_proba(4, 3)
    expected = sklearn.metrics.log_loss(y_str, proba, labels=["a", "b", "c"])
    assert lossbook.log_loss(
        y_str, proba, labels=["a", "b", "c"]
    ) == pytest.approx(expected, rel=1e-12)


def test_log_loss_float32_matches_sklearn():
    y = RNG.integers(0, 3, 100)
    proba = _random_proba(100, 3).astype(np.float32)
    proba /= proba.sum(axis=1, keepdims=True)
    expected = sklearn.metrics.log_loss(y, proba)
    assert lossbook.log_loss(y, proba) == pytest.approx(expected, rel=1e-6)


def test_log_loss_large_integer_labels_fall_back_to_sorting():
    y = np.array([10**9, 7, 7, 10**9])
    p = np.array([0.8, 0.3, 0.1, 0.6])
    assert lossbook.log_loss(y, p) == pytest.approx(
        sklearn.metrics.log_loss(y, p), rel=1e-12
    )


# --------------------------------------------------------------- information theory


@pytest.mark.parametrize("base", [None, 2, 10])
def test_entropy_and_kl_match_scipy(base):
    p = RNG.dirichlet(np.ones(6), 40)
    q = RNG.dirichlet(np.ones(6), 40)
    p[0, :3] = [0.0, 0.5, 0.5]
    p[0, 3:] = 0.0
    np.testing.assert_allclose(
        lossbook.entropy(p, base=base),
        scipy.stats.entropy(p, base=base, axis=-1),
        rtol=1e-13,
    )
    np.testing.assert_allclose(
        lossbook.kl_divergence(p, q, base=base),
        scipy.stats.entropy(p, q, base=base, axis=-1),
        rtol=1e-13,
    )
    # scipy.stats.entropy along axis 0, as lossbook's axis=0
    np.testing.assert_allclose(
        lossbook.entropy(p.T, axis=0, base=base),
        scipy.stats.entropy(p.T, base=base),
        rtol=1e-13,
    )


def test_cross_entropy_matches_scipy_sum():
    p = RNG.dirichlet(np.ones(4), 10)
    q = RNG.dirichlet(np.ones(4), 10)
    expected = scipy.stats.entropy(p, axis=-1) + scipy.stats.entropy(
        p, q, axis=-1
    )
    np.testing.assert_allclose(
        lossbook.cross_entropy(p, q), expected, rtol=1e-13
    )
    np.testing.assert_allclose(
        lossbook.cross_entropy(p, q),
        -np.sum(scipy.special.xlogy(p, q), axis=-1),
        rtol=1e-14,
    )


def test_kl_infinite_where_scipy_is():
    assert (
        lossbook.kl_divergence([0.5, 0.5], [1.0, 0.0])
        == scipy.stats.entropy([0.5, 0.5], [1.0, 0.0])
        == np.inf
    )


# --------------------------------------------------------------- calibration, Brier, rmse


@pytest.mark.parametrize("n_bins", [1, 5, 10, 17])
def test_calibration_curve_matches_sklearn(n_bins):
    p = RNG.uniform(0, 1, 400)
    p[:6] = [0.0, 1.0, 0.5, 0.1, 0.2, 0.7]  # bin edges
    y = (RNG.uniform(0, 1, 400) < p).astype(int)
    ours = lossbook.calibration_curve(y, p, n_bins=n_bins)
    theirs = sklearn.calibration.calibration_curve(
        y, p, n_bins=n_bins, strategy="uniform"
    )
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def test_brier_matches_sklearn():
    p = RNG.uniform(0, 1, 100)
    y = RNG.integers(0, 2, 100)
    w = RNG.uniform(0, 2, 100)
    assert lossbook.brier_score(y, p) == pytest.approx(
        sklearn.metrics.brier_score_loss(y, p), rel=1e-13
    )
    assert lossbook.brier_score(y, p, sample_weight=w) == pytest.approx(
        sklearn.metrics.brier_score_loss(y, p, sample_weight=w), rel=1e-13
    )


def test_multiclass_brier_is_brier_1950():
    # Brier's original score sums over classes: twice the binary score for k = 2
    p = RNG.uniform(0, 1, 50)
    y = RNG.integers(0, 2, 50)
    two_columns = np.stack([1 - p, p], axis=1)
    assert lossbook.brier_score(y, two_columns) == pytest.approx(
        2 * sklearn.metrics.brier_score_loss(y, p)
    )


def test_regression_matches_sklearn():
    y, pred = RNG.normal(0, 3, 80), RNG.normal(0, 3, 80)
    w = RNG.uniform(0, 1, 80)
    assert lossbook.mse(y, pred, sample_weight=w) == pytest.approx(
        sklearn.metrics.mean_squared_error(y, pred, sample_weight=w), rel=1e-13
    )
    assert lossbook.mae(y, pred, sample_weight=w) == pytest.approx(
        sklearn.metrics.mean_absolute_error(y, pred, sample_weight=w),
        rel=1e-13,
    )
    assert lossbook.rmse(y, pred) == pytest.approx(
        sklearn.metrics.root_mean_squared_error(y, pred), rel=1e-13
    )


# --------------------------------------------------------------- models


def _sklearn_optimum(X, y):
    model = sklearn.linear_model.LogisticRegression(
        C=np.inf, tol=1e-12, max_iter=10_000
    ).fit(X, y)
    return sklearn.metrics.log_loss(y, model.predict_proba(X))


@pytest.mark.parametrize(
    "make",
    [
        lambda: datasets.make_blobs(300, random_state=1),
        lambda: datasets.make_blobs(200, separation=1.0, random_state=2),
        lambda: datasets.make_imbalanced(
            500, positive_fraction=0.1, random_state=3
        ),
        lambda: (lambda X, y: (np.hstack([X, X[:, :1] ** 2 + 3]), y))(
            *datasets.make_blobs(400, random_state=4)
        ),
    ],
    ids=["blobs", "close blobs", "imbalanced", "shifted extra feature"],
)
def test_logistic_regression_reaches_sklearn_optimum(make):
    X, y = make()
    model = lossbook.LogisticRegression().fit(X, y)
    ours = lossbook.log_loss(y, model.predict_proba(X))
    assert ours - _sklearn_optimum(X, y) < 1e-3
    assert model.loss_history_[-1] == pytest.approx(ours, rel=1e-9)


def test_logistic_regression_l2_matches_sklearn():
    # sklearn minimises sum(loss) + ||w||^2 / (2C): our l2 = 1 / (C n)
    X, y = datasets.make_blobs(200, random_state=5)
    C = 0.05
    ours = lossbook.LogisticRegression(l2=1 / (C * len(y))).fit(X, y)
    theirs = sklearn.linear_model.LogisticRegression(
        C=C, tol=1e-12, max_iter=10_000
    ).fit(X, y)
    np.testing.assert_allclose(
        ours.coef_, theirs.coef_[0], rtol=1e-4, atol=1e-6
    )
    np.testing.assert_allclose(
        ours.intercept_, theirs.intercept_[0], rtol=1e-4, atol=1e-6
    )


def test_softmax_regression_reaches_sklearn_optimum():
    X, y = datasets.make_multiclass_blobs(300, n_classes=3, random_state=6)
    ours = lossbook.SoftmaxRegression().fit(X, y)
    theirs = sklearn.linear_model.LogisticRegression(
        C=np.inf, tol=1e-12, max_iter=10_000
    ).fit(X, y)
    gap = lossbook.log_loss(
        y, ours.predict_proba(X)
    ) - sklearn.metrics.log_loss(y, theirs.predict_proba(X))
    assert gap < 1e-3
    assert np.mean(ours.predict(X) == theirs.predict(X)) > 0.99
