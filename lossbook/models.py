r"""Linear classifiers trained by (mini-batch) gradient descent on lossbook's losses.

Both models minimise the mean loss plus an L2 penalty
:math:`\frac{\lambda}{2}\lVert W \rVert^2` on the weights (not the
intercept), starting from zero weights.  The default step is :math:`1/L`,
with :math:`L` a bound on the curvature of that objective, the step size for
which full-batch gradient descent provably decreases the loss every epoch.
"""

import numpy as np

from . import gradients
from ._validation import (
    as_float_array,
    check_class_labels,
    check_hard_labels,
    check_scalar,
    check_weights,
)
from .activations import sigmoid, softmax
from .binary import binary_cross_entropy_with_logits
from .focal import sigmoid_focal_loss
from .multiclass import softmax_cross_entropy_with_logits
from .regression import mse

LOSSES = ("log_loss", "focal", "mse")


def _check_X(X, n_features=None):
    X = as_float_array(X, "X", ndim=2).astype(np.float64)
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"X has {X.shape[1]} features but the model was fitted with {n_features}"
        )
    return X


def _check_y_length(X, y):
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y have inconsistent numbers of samples: shapes {X.shape} and {y.shape}"
        )


def _check_fitted(model):
    if not hasattr(model, "coef_"):
        raise ValueError(
            f"this {type(model).__name__} is not fitted yet; call fit(X, y) first"
        )


def _batches(n, batch_size, rng):
    """Index arrays of one epoch: all samples, or shuffled mini-batches."""
    if batch_size is None or batch_size >= n:
        return [slice(None)]
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def _check_training_options(
    learning_rate, epochs, batch_size, l2, label_smoothing
):
    if learning_rate is not None:
        check_scalar(
            learning_rate, "learning_rate", low=0, high=np.inf, low_open=True
        )
    if int(check_scalar(epochs, "epochs", low=1, high=np.inf)) != epochs:
        raise ValueError(f"epochs must be an integer, got {epochs!r}")
    if (
        batch_size is not None
        and int(check_scalar(batch_size, "batch_size", low=1, high=np.inf))
        != batch_size
    ):
        raise ValueError(f"batch_size must be an integer, got {batch_size!r}")
    check_scalar(l2, "l2", low=0, high=np.inf)
    check_scalar(label_smoothing, "label_smoothing", low=0, high=1)


def _curvature_scale(X):
    r""":math:`\lVert [X, 1] \rVert_2^2 / n`, the largest eigenvalue of the
    design's Gram matrix over n.
    """
    X1 = np.hstack([X, np.ones((X.shape[0], 1))])
    return np.linalg.norm(X1, 2) ** 2 / X.shape[0]


class _LinearClassifier:
    """What both models share: the gradient-descent loop and the logits.

    A subclass provides ``_gradient(y, Z)`` (gradient of the mean data loss with
    respect to the logits ``Z``) and ``_loss(y, Z)`` (that mean loss).
    """

    def _descend(self, X, y, coef, intercept, learning_rate):
        """Run ``epochs`` passes of (mini-batch) gradient descent from the given start."""
        rng = np.random.default_rng(self.random_state)
        history = []
        for _ in range(int(self.epochs)):
            for batch in _batches(X.shape[0], self.batch_size, rng):
                Xb = X[batch]
                grad_z = self._gradient(y[batch], Xb @ coef + intercept)
                coef = coef - learning_rate * (Xb.T @ grad_z + self.l2 * coef)
                intercept = intercept - learning_rate * grad_z.sum(axis=0)
            penalty = 0.5 * self.l2 * float(np.sum(coef * coef))
            history.append(self._loss(y, X @ coef + intercept) + penalty)
        self.coef_, self.intercept_ = coef, intercept
        self.loss_history_ = np.array(history)
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X):
        """The logits :math:`XW + b`.

        Args:
            X: features, shape ``(n, d)``.

        Returns:
            The logits, shape ``(n,)`` for binary and ``(n, k)`` for k classes.
        """
        _check_fitted(self)
        return _check_X(X, self.n_features_in_) @ self.coef_ + self.intercept_


class LogisticRegression(_LinearClassifier):
    r"""Binary logistic regression :math:`p = \sigma(w^\top x + b)`, fitted by gradient descent.

    Minimises the mean of a loss of the logits plus :math:`\frac{\lambda}{2}\lVert w\rVert^2`:

    * ``loss="log_loss"``: :func:`lossbook.binary_cross_entropy_with_logits`
      (with ``pos_weight`` and ``label_smoothing``);
    * ``loss="focal"``: :func:`lossbook.sigmoid_focal_loss` (``gamma``, ``alpha``);
    * ``loss="mse"``: the squared error of the probability, :math:`(\sigma(z) - y)^2`,
      whose gradient vanishes for confidently wrong predictions.

    Args:
        loss: ``"log_loss"``, ``"focal"`` or ``"mse"``.
        learning_rate: step size; None uses :math:`1/L` with
            :math:`L = c\,\lVert [X, 1]\rVert_2^2 / n + \lambda` and :math:`c` the
            largest second derivative of the loss in :math:`z` (1/4 for log loss).
        epochs: passes over the training set.
        batch_size: samples per step; None for full-batch gradient descent.
        l2: L2 penalty strength :math:`\lambda \ge 0`.
        pos_weight: weight of the positive class in the log loss.
        label_smoothing: :math:`\varepsilon \in [0, 1]` for the log loss.
        gamma: focusing parameter of the focal loss.
        alpha: class weight of the focal loss, or None.
        init_intercept: starting intercept, e.g. the log prior odds.
        random_state: seed of the mini-batch shuffling.

    Attributes:
        coef_: weights :math:`w`, shape ``(d,)``.
        intercept_: intercept :math:`b`, a float.
        loss_history_: the training objective after each epoch, shape ``(epochs,)``.
        classes_: ``array([0, 1])``.

    >>> from lossbook.datasets import make_blobs
    >>> X, y = make_blobs(200, random_state=0)
    >>> model = LogisticRegression().fit(X, y)
    >>> model.predict_proba(X[:2]).shape
    (2, 2)
    >>> bool(np.all(model.predict(X) == (model.decision_function(X) > 0)))
    True
    >>> bool(model.loss_history_[-1] < model.loss_history_[0] < np.log(2))
    True
    """

    def __init__(
        self,
        *,
        loss="log_loss",
        learning_rate=None,
        epochs=2000,
        batch_size=None,
        l2=0.0,
        pos_weight=None,
        label_smoothing=0.0,
        gamma=2.0,
        alpha=None,
        init_intercept=0.0,
        random_state=0,
    ):
        self.loss = loss
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.l2 = l2
        self.pos_weight = pos_weight
        self.label_smoothing = label_smoothing
        self.gamma = gamma
        self.alpha = alpha
        self.init_intercept = init_intercept
        self.random_state = random_state

    def _options(self):
        if self.loss == "log_loss":
            return dict(
                pos_weight=self.pos_weight,
                label_smoothing=self.label_smoothing,
            )
        return (
            dict(alpha=self.alpha, gamma=self.gamma)
            if self.loss == "focal"
            else {}
        )

    def _loss(self, y, z):
        """Mean data loss at the logits z."""
        if self.loss == "mse":
            return mse(y, sigmoid(z))
        loss = (
            binary_cross_entropy_with_logits
            if self.loss == "log_loss"
            else sigmoid_focal_loss
        )
        return loss(y, z, **self._options())

    def _gradient(self, y, z):
        """Gradient of the mean data loss with respect to the logits z."""
        if self.loss == "mse":
            p = sigmoid(z)
            return gradients.mse(y, p) * p * (1 - p) / y.shape[0]
        grad = (
            gradients.binary_cross_entropy_with_logits
            if self.loss == "log_loss"
            else gradients.sigmoid_focal_loss
        )
        return grad(y, z, **self._options()) / y.shape[0]

    def _default_learning_rate(self, X):
        if self.loss == "log_loss":
            c = (
                max(
                    1.0,
                    float(
                        np.max(
                            self.pos_weight
                            if self.pos_weight is not None
                            else 1.0
                        )
                    ),
                )
                / 4
            )
        elif self.loss == "focal":
            c = (1 + self.gamma) / 4
        else:
            c = 1 / 4
        return 1 / (c * _curvature_scale(X) + self.l2)

    def fit(self, X, y):
        """Fit the weights and intercept to ``X`` of shape ``(n, d)`` and 0/1 labels ``y``.

        Args:
            X: features, shape ``(n, d)``.
            y: labels in {0, 1}, shape ``(n,)``.

        Returns:
            The fitted model (``self``).
        """
        if self.loss not in LOSSES:
            raise ValueError(
                f"loss must be one of {LOSSES}, got {self.loss!r}"
            )
        if self.loss != "log_loss" and (
            self.pos_weight is not None or self.label_smoothing
        ):
            raise ValueError(
                f"pos_weight and label_smoothing apply to loss='log_loss', not {self.loss!r}"
            )
        if self.loss != "focal" and self.alpha is not None:
            raise ValueError(
                f"alpha applies to loss='focal', not {self.loss!r}"
            )
        if self.loss == "focal":
            check_scalar(self.gamma, "gamma", low=0, high=np.inf)
            if self.alpha is not None:
                check_scalar(self.alpha, "alpha", low=0, high=1)
        if self.pos_weight is not None:
            check_scalar(self.pos_weight, "pos_weight", low=0, high=np.inf)
        _check_training_options(
            self.learning_rate,
            self.epochs,
            self.batch_size,
            self.l2,
            self.label_smoothing,
        )
        X = _check_X(X)
        y = check_hard_labels(as_float_array(y, "y", ndim=1), "y").astype(
            np.float64
        )
        _check_y_length(X, y)
        learning_rate = self.learning_rate or self._default_learning_rate(X)
        self.classes_ = np.array([0, 1])
        return self._descend(
            X,
            y,
            np.zeros(X.shape[1]),
            float(self.init_intercept),
            learning_rate,
        )

    def predict_proba(self, X):
        r"""Class probabilities :math:`[1 - \sigma(z), \sigma(z)]`, as scikit-learn's.

        Args:
            X: features, shape ``(n, d)``.

        Returns:
            The probabilities of classes 0 and 1, shape ``(n, 2)``.
        """
        z = self.decision_function(X)
        return np.stack([sigmoid(-z), sigmoid(z)], axis=1)

    def predict(self, X):
        """Predicted labels: 1 where the logit is positive (:math:`p > 1/2`), else 0.

        Args:
            X: features, shape ``(n, d)``.

        Returns:
            Integer labels, shape ``(n,)``.
        """
        return (self.decision_function(X) > 0).astype(np.int64)


class SoftmaxRegression(_LinearClassifier):
    r"""Multinomial logistic regression :math:`p = \mathrm{softmax}(xW + b)`, by gradient descent.

    Minimises :func:`lossbook.softmax_cross_entropy_with_logits` (with
    ``class_weight`` and ``label_smoothing``, PyTorch's normalisation) plus
    :math:`\frac{\lambda}{2}\lVert W\rVert^2`.  Labels are the integers
    0..k-1, with k one more than the largest label seen in ``fit``.

    Args:
        learning_rate: step size; None uses :math:`1/L` with
            :math:`L = \tfrac12 \max_k w_k\, \lVert [X, 1]\rVert_2^2 / \bar w + \lambda`.
        epochs: passes over the training set.
        batch_size: samples per step; None for full-batch gradient descent.
        l2: L2 penalty strength :math:`\lambda \ge 0`.
        class_weight: optional weight per class, shape ``(k,)``.
        label_smoothing: :math:`\varepsilon \in [0, 1]`.
        random_state: seed of the mini-batch shuffling.

    Attributes:
        coef_: weights, shape ``(d, k)``.
        intercept_: intercepts, shape ``(k,)``.
        loss_history_: the training objective after each epoch, shape ``(epochs,)``.
        classes_: ``array([0, ..., k - 1])``.

    >>> from lossbook.datasets import make_multiclass_blobs
    >>> X, y = make_multiclass_blobs(300, n_classes=3, random_state=0)
    >>> model = SoftmaxRegression().fit(X, y)
    >>> model.predict_proba(X[:2]).shape
    (2, 3)
    >>> bool(np.all(model.predict(X) == model.decision_function(X).argmax(axis=1)))
    True
    """

    def __init__(
        self,
        *,
        learning_rate=None,
        epochs=2000,
        batch_size=None,
        l2=0.0,
        class_weight=None,
        label_smoothing=0.0,
        random_state=0,
    ):
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.l2 = l2
        self.class_weight = class_weight
        self.label_smoothing = label_smoothing
        self.random_state = random_state

    def fit(self, X, y):
        """Fit the weights and intercepts to ``X`` of shape ``(n, d)`` and labels ``y``.

        Args:
            X: features, shape ``(n, d)``.
            y: integer class labels 0..k-1, shape ``(n,)``.

        Returns:
            The fitted model (``self``).
        """
        _check_training_options(
            self.learning_rate,
            self.epochs,
            self.batch_size,
            self.l2,
            self.label_smoothing,
        )
        X = _check_X(X)
        y = check_class_labels(y, "y")
        _check_y_length(X, y)
        k = max(int(y.max()) + 1, 2)
        weights = (
            np.ones(k)
            if self.class_weight is None
            else check_weights(
                self.class_weight, "class_weight", length=k, what="classes"
            )
        )
        lr = self.learning_rate
        if lr is None:
            mean_weight = float(weights[y].mean())
            if mean_weight == 0:
                raise ValueError(
                    "class_weight is zero for every class present in y"
                )
            lr = 1 / (
                0.5 * weights.max() / mean_weight * _curvature_scale(X)
                + self.l2
            )
        self.classes_ = np.arange(k)
        self._class_weights = weights
        return self._descend(X, y, np.zeros((X.shape[1], k)), np.zeros(k), lr)

    def _options(self):
        return dict(
            class_weight=self.class_weight,
            label_smoothing=self.label_smoothing,
        )

    def _loss(self, y, Z):
        """Mean data loss (PyTorch's weighted mean) at the logits Z."""
        return softmax_cross_entropy_with_logits(y, Z, **self._options())

    def _gradient(self, y, Z):
        """Gradient of the weighted mean loss with respect to the logits Z."""
        grad = gradients.softmax_cross_entropy_with_logits(
            y, Z, **self._options()
        )
        return grad / self._class_weights[y].sum()

    def predict_proba(self, X):
        r"""Class probabilities :math:`\mathrm{softmax}(Z)`, row by row.

        Args:
            X: features, shape ``(n, d)``.

        Returns:
            The probabilities, shape ``(n, k)``.
        """
        return softmax(self.decision_function(X))

    def predict(self, X):
        """Predicted labels: the class with the largest logit.

        Args:
            X: features, shape ``(n, d)``.

        Returns:
            Integer labels, shape ``(n,)``.
        """
        return np.argmax(self.decision_function(X), axis=1)
