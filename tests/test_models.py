"""lossbook.models: LogisticRegression and SoftmaxRegression.

Behaviour on the book's data sets, error messages, then scikit-learn's
LogisticRegression (the same optimum, the same L2 solution).
"""

import math

import numpy as np
import pytest
import sklearn.linear_model
import sklearn.metrics

import lossbook
from lossbook import datasets
from tests.helpers import LN2, LN3, raises

# --------------------------------------------------------------- values


@pytest.fixture(scope="module")
def blobs():
    return datasets.make_blobs(200, random_state=0)


def test_logistic_regression_api(blobs):
    X, y = blobs
    model = lossbook.LogisticRegression(epochs=300)
    assert model.fit(X, y) is model
    assert model.coef_.shape == (2,) and isinstance(model.intercept_, float)
    proba = model.predict_proba(X)
    assert proba.shape == (200, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-15)
    z = model.decision_function(X)
    np.testing.assert_allclose(
        z, X @ model.coef_ + model.intercept_, rtol=1e-15
    )
    np.testing.assert_allclose(proba[:, 1], lossbook.sigmoid(z), rtol=1e-15)
    np.testing.assert_array_equal(model.predict(X), (z > 0).astype(int))
    assert model.loss_history_.shape == (300,)
    assert np.all(
        np.diff(model.loss_history_) <= 1e-15
    )  # full-batch GD with step 1/L never goes up
    assert (
        model.loss_history_[0] < LN2
    )  # one step from the zero model, whose loss is ln 2
    np.testing.assert_array_equal(model.classes_, [0, 1])


def test_logistic_regression_options(blobs):
    X, y = blobs
    base = lossbook.LogisticRegression(epochs=300).fit(X, y)
    weighted = lossbook.LogisticRegression(epochs=300, pos_weight=5.0).fit(
        X, y
    )
    assert (
        weighted.predict_proba(X)[:, 1].mean()
        > base.predict_proba(X)[:, 1].mean()
    )
    smooth = lossbook.LogisticRegression(epochs=300, label_smoothing=0.3).fit(
        X, y
    )
    assert (
        np.abs(smooth.decision_function(X)).max()
        < np.abs(base.decision_function(X)).max()
    )
    ridge = lossbook.LogisticRegression(epochs=300, l2=1.0).fit(X, y)
    assert np.linalg.norm(ridge.coef_) < np.linalg.norm(base.coef_)
    for loss in ("focal", "mse"):
        model = lossbook.LogisticRegression(loss=loss, epochs=300).fit(X, y)
        assert np.mean(model.predict(X) == y) > 0.75
        assert model.loss_history_[-1] < model.loss_history_[0]
    focal = lossbook.LogisticRegression(
        loss="focal", epochs=50, gamma=2.0, alpha=0.25
    ).fit(X, y)
    assert focal.loss_history_[-1] == pytest.approx(
        lossbook.sigmoid_focal_loss(
            y, focal.decision_function(X), gamma=2.0, alpha=0.25
        ),
        rel=1e-12,
    )


def test_logistic_regression_minibatch_and_init(blobs):
    X, y = blobs
    a = lossbook.LogisticRegression(
        epochs=20, batch_size=32, learning_rate=0.1, random_state=3
    ).fit(X, y)
    b = lossbook.LogisticRegression(
        epochs=20, batch_size=32, learning_rate=0.1, random_state=3
    ).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert a.loss_history_.shape == (20,)
    start = lossbook.LogisticRegression(
        epochs=1, learning_rate=1e-12, init_intercept=-2.0
    ).fit(X, y)
    assert start.intercept_ == pytest.approx(-2.0, abs=1e-9)


def test_mse_loss_has_vanishing_gradient():
    # start confidently wrong (intercept -10, p = sigma(-10) for positives):
    # one step of the log loss moves b by about 1 - sigma(-10); the squared
    # error of p moves it by 2 (1 - p) p (1 - p), about 9e-5
    X, y = np.zeros((4, 1)), np.ones(4, dtype=int)
    p = 1 / (1 + math.exp(10))
    options = dict(epochs=1, learning_rate=1.0, init_intercept=-10.0)
    log_step = (
        lossbook.LogisticRegression(loss="log_loss", **options)
        .fit(X, y)
        .intercept_
        + 10
    )
    mse_step = (
        lossbook.LogisticRegression(loss="mse", **options).fit(X, y).intercept_
        + 10
    )
    assert log_step == pytest.approx(1 - p, rel=1e-12)
    assert mse_step == pytest.approx(2 * (1 - p) * p * (1 - p), rel=1e-9)


def test_softmax_regression_api():
    X, y = datasets.make_multiclass_blobs(150, n_classes=3, random_state=1)
    model = lossbook.SoftmaxRegression(epochs=200).fit(X, y)
    assert model.coef_.shape == (2, 3) and model.intercept_.shape == (3,)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_array_equal(model.predict(X), proba.argmax(axis=1))
    assert model.decision_function(X).shape == (150, 3)
    assert model.loss_history_.shape == (200,) and np.all(
        np.diff(model.loss_history_) <= 1e-15
    )
    np.testing.assert_array_equal(model.classes_, [0, 1, 2])
    weighted = lossbook.SoftmaxRegression(
        epochs=200, class_weight=[1.0, 1.0, 5.0]
    ).fit(X, y)
    assert weighted.predict_proba(X)[:, 2].mean() > proba[:, 2].mean()
    smooth = lossbook.SoftmaxRegression(epochs=200, label_smoothing=0.3).fit(
        X, y
    )
    assert smooth.predict_proba(X).max() < proba.max()
    mini = lossbook.SoftmaxRegression(
        epochs=5, batch_size=16, learning_rate=0.1
    ).fit(X, y)
    assert mini.loss_history_[-1] < LN3


# --------------------------------------------------------------- errors


def test_model_labels_must_be_binary():
    X = np.zeros((3, 1))
    with raises(r"^y must contain only 0 and 1, found 2"):
        lossbook.LogisticRegression().fit(X, [0, 1, 2])


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.LogisticRegression(label_smoothing=2.0).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^label_smoothing must lie in \[0, 1\]",
        ),
        (
            lambda: lossbook.LogisticRegression(loss="focal", alpha=-0.2).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^alpha must lie in \[0, 1\]",
        ),
        (
            lambda: lossbook.LogisticRegression(epochs=0).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^epochs must lie in \[1, inf\]",
        ),
        (
            lambda: lossbook.LogisticRegression(batch_size=1.5).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^batch_size must be an integer",
        ),
        (
            lambda: lossbook.LogisticRegression(learning_rate=-1).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^learning_rate must lie in \(0, inf\]",
        ),
        (
            lambda: lossbook.LogisticRegression(l2=-1).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^l2 must lie in \[0, inf\]",
        ),
        (
            lambda: lossbook.LogisticRegression(loss="hinge").fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^loss must be one of \('log_loss', 'focal', 'mse'\), got 'hinge'",
        ),
        (
            lambda: lossbook.LogisticRegression(
                loss="focal", pos_weight=2.0
            ).fit(np.zeros((2, 1)), [0, 1]),
            r"^pos_weight and label_smoothing apply to loss='log_loss', not 'focal'",
        ),
        (
            lambda: lossbook.LogisticRegression(alpha=0.25).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^alpha applies to loss='focal', not 'log_loss'",
        ),
        (
            lambda: lossbook.LogisticRegression(loss="focal", gamma=-1.0).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^gamma must lie in \[0, inf\]",
        ),
        (
            lambda: lossbook.LogisticRegression(pos_weight=-3.0).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^pos_weight must lie in \[0, inf\]",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


def test_not_fitted():
    with raises(r"^this LogisticRegression is not fitted yet"):
        lossbook.LogisticRegression().predict_proba(np.zeros((1, 2)))
    with raises(r"^this SoftmaxRegression is not fitted yet"):
        lossbook.SoftmaxRegression().decision_function(np.zeros((1, 2)))


# --------------------------------------------------------------- peers


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
