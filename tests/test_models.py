"""lossbook.models: LogisticRegression and SoftmaxRegression.

Behaviour on the book's data sets, the table of losses (gradients and
curvature bounds against finite differences), the recorded history (against
the objective recomputed from its definition), error messages, then
scikit-learn's LogisticRegression (the same optimum, the same L2 solution).
"""

import math

import numpy as np
import pytest
import scipy.special
import sklearn.linear_model
import sklearn.metrics

import lossbook
from lossbook import datasets
from lossbook.models import LOSSES
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


# ------------------------------------------------- the table of losses


def test_table_lists_the_three_losses_and_their_options():
    assert list(LOSSES) == ["log_loss", "focal", "mse"]
    assert LOSSES["log_loss"].options == ("pos_weight", "label_smoothing")
    assert LOSSES["focal"].options == ("alpha", "gamma")
    assert LOSSES["mse"].options == ()


TABLE_CASES = [
    ("log_loss", {"pos_weight": None, "label_smoothing": 0.0}),
    ("log_loss", {"pos_weight": 3.0, "label_smoothing": 0.2}),
    ("focal", {"alpha": None, "gamma": 2.0}),
    ("focal", {"alpha": 0.25, "gamma": 0.5}),
    ("mse", {}),
]


@pytest.mark.parametrize("loss, options", TABLE_CASES)
def test_table_gradient_is_the_derivative_of_the_value(loss, options):
    # gradient of the summed loss = n times the derivative of the mean
    spec = LOSSES[loss]
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    z = np.array([-3.0, -0.5, 0.2, 1.5, 4.0])
    numerical = lossbook.numerical_gradient(
        lambda t: y.size * spec.value(y, t, **options), z
    )
    np.testing.assert_allclose(
        spec.gradient(y, z, **options), numerical, rtol=1e-6, atol=1e-9
    )


@pytest.mark.parametrize("loss, options", TABLE_CASES)
def test_table_curvature_bounds_the_second_derivative(loss, options):
    # central differences of the per-sample gradient (checked above) over a
    # fine grid of logits, for both labels
    spec = LOSSES[loss]
    z, h = np.linspace(-12, 12, 4801), 1e-5
    largest = 0.0
    for label in (0.0, 1.0):
        y = np.full(z.size, label)
        second = (
            spec.gradient(y, z + h, **options)
            - spec.gradient(y, z - h, **options)
        ) / (2 * h)
        largest = max(largest, second.max())
    bound = spec.curvature(**options)
    assert bound / 4 < largest <= bound + 1e-6  # a bound, and not a loose one


@pytest.mark.parametrize(
    "options, c",
    [
        ({}, 1 / 4),
        ({"pos_weight": 3.0}, 3 / 4),
        ({"pos_weight": 0.5}, 1 / 4),
        ({"loss": "focal", "gamma": 1.0}, 1 / 2),
        ({"loss": "mse"}, 1 / 4),
    ],
)
def test_default_learning_rate_is_one_over_L(blobs, options, c):
    # L = c * sigma_max([X, 1])^2 / n + l2, from the singular values
    X, y = blobs
    l2 = 0.01
    X1 = np.hstack([X, np.ones((len(X), 1))])
    L = c * np.linalg.svd(X1, compute_uv=False)[0] ** 2 / len(X) + l2
    default = lossbook.LogisticRegression(epochs=5, l2=l2, **options).fit(X, y)
    explicit = lossbook.LogisticRegression(
        epochs=5, l2=l2, learning_rate=1 / L, **options
    ).fit(X, y)
    np.testing.assert_allclose(default.coef_, explicit.coef_, rtol=1e-12)
    assert default.intercept_ == pytest.approx(explicit.intercept_, rel=1e-12)


def test_gamma_is_ignored_by_the_other_losses(blobs):
    X, y = blobs
    for loss in ("log_loss", "mse"):
        plain = lossbook.LogisticRegression(loss=loss, epochs=20).fit(X, y)
        other = lossbook.LogisticRegression(loss=loss, epochs=20, gamma=5.0)
        np.testing.assert_array_equal(other.fit(X, y).coef_, plain.coef_)


def test_whole_number_options_may_be_floats(blobs):
    X, y = blobs
    options = dict(learning_rate=0.1, random_state=2)
    a = lossbook.LogisticRegression(epochs=3, batch_size=32, **options)
    b = lossbook.LogisticRegression(epochs=3.0, batch_size=32.0, **options)
    np.testing.assert_array_equal(a.fit(X, y).coef_, b.fit(X, y).coef_)
    assert b.loss_history_.shape == (3,)


# ------------------------------------------------------------- history


def _log_loss_objective(X, y, coef, intercept, l2):
    """Mean log loss log(1 + e^{-z}) or log(1 + e^{z}) plus the L2 penalty."""
    z = X @ coef + intercept
    losses = np.where(y == 1, np.logaddexp(0, -z), np.logaddexp(0, z))
    return losses.mean() + 0.5 * l2 * np.sum(coef**2)


def _softmax_objective(X, y, coef, intercept, l2):
    """Mean -log softmax(XW + b)[y] plus the L2 penalty."""
    log_p = scipy.special.log_softmax(X @ coef + intercept, axis=1)
    return -log_p[np.arange(len(y)), y].mean() + 0.5 * l2 * np.sum(coef**2)


@pytest.mark.parametrize("batch_size", [None, 64])
def test_logistic_regression_history(blobs, batch_size):
    X, y = blobs
    X_val, y_val = datasets.make_blobs(100, random_state=7)
    model = lossbook.LogisticRegression(
        epochs=40, l2=0.05, batch_size=batch_size, learning_rate=0.5
    ).fit(X, y, eval_set=(X_val, y_val))
    assert model.coef_history_.shape == (40, 2)
    assert model.intercept_history_.shape == (40,)
    assert model.loss_history_.shape == model.eval_loss_history_.shape == (40,)
    np.testing.assert_array_equal(model.coef_history_[-1], model.coef_)
    assert model.intercept_history_[-1] == model.intercept_
    for k in (0, 9, 39):
        params = model.coef_history_[k], model.intercept_history_[k], 0.05
        assert model.loss_history_[k] == pytest.approx(
            _log_loss_objective(X, y, *params), rel=1e-12
        )
        assert model.eval_loss_history_[k] == pytest.approx(
            _log_loss_objective(X_val, y_val, *params), rel=1e-12
        )
    # the first epoch is one step from zero, not the start itself
    assert np.all(model.coef_history_[0] != 0)


def test_softmax_regression_history():
    X, y = datasets.make_multiclass_blobs(150, n_classes=3, random_state=1)
    X_val, y_val = datasets.make_multiclass_blobs(60, random_state=2)
    model = lossbook.SoftmaxRegression(epochs=30, l2=0.01).fit(
        X, y, eval_set=(X_val, y_val)
    )
    assert model.coef_history_.shape == (30, 2, 3)
    assert model.intercept_history_.shape == (30, 3)
    np.testing.assert_array_equal(model.coef_history_[-1], model.coef_)
    np.testing.assert_array_equal(
        model.intercept_history_[-1], model.intercept_
    )
    for k in (0, 29):
        params = model.coef_history_[k], model.intercept_history_[k], 0.01
        assert model.loss_history_[k] == pytest.approx(
            _softmax_objective(X, y, *params), rel=1e-12
        )
        assert model.eval_loss_history_[k] == pytest.approx(
            _softmax_objective(X_val, y_val, *params), rel=1e-12
        )


def test_eval_set_changes_nothing_but_the_record(blobs):
    X, y = blobs
    plain = lossbook.LogisticRegression(epochs=25, batch_size=50).fit(X, y)
    assert plain.eval_loss_history_ is None
    watched = lossbook.LogisticRegression(epochs=25, batch_size=50).fit(
        X, y, eval_set=(X, y)
    )
    np.testing.assert_array_equal(watched.coef_history_, plain.coef_history_)
    np.testing.assert_array_equal(watched.loss_history_, plain.loss_history_)
    # the training data as validation data: the same curve
    np.testing.assert_array_equal(
        watched.eval_loss_history_, watched.loss_history_
    )
    refit = watched.fit(X, y)
    assert refit.eval_loss_history_ is None


def test_focal_history_matches_the_definition(blobs):
    # alpha_t (1 - p_t)^gamma (-log p_t), written out with SciPy's expit
    X, y = blobs
    model = lossbook.LogisticRegression(
        loss="focal", epochs=10, gamma=2.0, alpha=0.25
    ).fit(X, y)
    z = X @ model.coef_history_[4] + model.intercept_history_[4]
    p_t = np.where(y == 1, scipy.special.expit(z), scipy.special.expit(-z))
    alpha_t = np.where(y == 1, 0.25, 0.75)
    expected = np.mean(alpha_t * (1 - p_t) ** 2 * -np.log(p_t))
    assert model.loss_history_[4] == pytest.approx(expected, rel=1e-10)


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


@pytest.mark.parametrize(
    "options, message",
    [
        (
            {"loss": "mse", "label_smoothing": 0.1},
            r"^pos_weight and label_smoothing apply to loss='log_loss', not 'mse'",
        ),
        (
            {"loss": "mse", "alpha": 0.5},
            r"^alpha applies to loss='focal', not 'mse'",
        ),
        ({"epochs": True}, r"^epochs must be an integer, got True"),
        ({"epochs": 2.5}, r"^epochs must be an integer, got 2.5"),
        ({"batch_size": 0}, r"^batch_size must lie in \[1, inf\]"),
        ({"learning_rate": 0}, r"^learning_rate must lie in \(0, inf\]"),
    ],
)
def test_more_options_out_of_range(options, message):
    with raises(message):
        lossbook.LogisticRegression(**options).fit(np.zeros((2, 1)), [0, 1])


@pytest.mark.parametrize(
    "eval_set, message",
    [
        (5, r"^eval_set must be a pair \(X_val, y_val\)"),
        (
            (np.zeros((2, 1)), [0, 1], [0, 1]),
            r"^eval_set must be a pair \(X_val, y_val\)",
        ),
        (None, None),
        ((np.zeros((2, 3)), [0, 1]), r"^X_val has 3 features but X has 1"),
        (
            (np.zeros((3, 1)), [0, 1]),
            r"^X_val and y_val have inconsistent numbers of samples",
        ),
        ((np.zeros((2, 1)), [0, 2]), r"^y_val must contain only 0 and 1"),
        ((np.zeros(2), [0, 1]), r"^X_val must have 2 dimension"),
    ],
)
def test_bad_eval_set(eval_set, message):
    model = lossbook.LogisticRegression(epochs=1)
    if message is None:
        assert model.fit(np.zeros((2, 1)), [0, 1], eval_set=eval_set) is model
        return
    with raises(message):
        model.fit(np.zeros((2, 1)), [0, 1], eval_set=eval_set)


def test_softmax_eval_labels_must_be_known_classes():
    X, y = np.zeros((3, 1)), [0, 1, 2]
    with raises(r"^y_val holds class label 3 but there are only 3 classes"):
        lossbook.SoftmaxRegression(epochs=1).fit(
            X, y, eval_set=(np.zeros((1, 1)), [3])
        )


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
