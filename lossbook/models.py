r"""Linear classifiers trained by (mini-batch) gradient descent on lossbook's losses.

Both models minimise the mean loss plus an L2 penalty
:math:`\frac{\lambda}{2}\lVert W \rVert^2` on the weights (not the
intercept), starting from zero weights.  The default step is :math:`1/L`,
with :math:`L` a bound on the curvature of that objective, the step size for
which full-batch gradient descent provably decreases the loss every epoch.

Both run the same loop, and every fit records its history after each epoch:
the training objective (``loss_history_``), the parameters
(``coef_history_`` and ``intercept_history_``) and, when ``fit`` is given
``eval_set=(X_val, y_val)``, the same objective on that validation data
(``eval_loss_history_``), so that training and validation curves can be
plotted without writing a loop.  The parameters cost ``epochs`` times the
number of weights and intercepts in memory, a few thousand numbers for the
book's models.

The losses that :class:`LogisticRegression` can minimise are listed in one
table, ``LOSSES``: for each name, the mean loss of the logits, its gradient
(from :mod:`lossbook.gradients`), the bound on its second derivative in the
logit that sets the default step, and the options it accepts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from . import gradients
from ._typing import ArrayLike, FloatArray, IntArray
from ._validation import (
    as_float_array,
    check_class_labels,
    check_hard_labels,
    check_integer,
    check_scalar,
    check_weights,
)
from .activations import sigmoid, softmax
from .binary import binary_cross_entropy_with_logits
from .focal import sigmoid_focal_loss
from .multiclass import softmax_cross_entropy_with_logits
from .regression import mse

# ------------------------------------------------------ the table of losses


def _squared_error_of_probability(
    y_true: FloatArray, logits: FloatArray
) -> float:
    r"""Mean squared error of the probability, :math:`(\sigma(z) - y)^2`."""
    return float(mse(y_true, sigmoid(logits)))


def _squared_error_of_probability_gradient(
    y_true: FloatArray, logits: FloatArray
) -> FloatArray:
    r"""Its gradient in the logits, by the chain rule:
    :math:`2(\sigma(z) - y)\,\sigma(z)(1 - \sigma(z))`."""
    p = sigmoid(logits)
    result: FloatArray = gradients.mse(y_true, p) * p * (1 - p)
    return result


def _log_loss_curvature(
    *, pos_weight: float | None, label_smoothing: float
) -> float:
    r""":math:`\ell'' = (w_+ y + 1 - y)\,\sigma(z)\sigma(-z) \le \max(w_+, 1)/4`
    (smoothing only moves :math:`y` within [0, 1])."""
    return max(1.0, 1.0 if pos_weight is None else float(pos_weight)) / 4


def _focal_curvature(*, alpha: float | None, gamma: float) -> float:
    r"""A bound :math:`(1 + \gamma)/4` on the focal loss's second derivative
    (:math:`\alpha_t \le 1`)."""
    return (1 + gamma) / 4


def _squared_error_curvature() -> float:
    r"""The bound 1/4 used for :math:`(\sigma(z) - y)^2`."""
    return 1 / 4


class BinaryLoss(NamedTuple):
    """One loss that :class:`LogisticRegression` can minimise.

    Each function takes the 0/1 labels, the logits and, as keywords, the
    values of the options the loss accepts.
    """

    value: Callable[..., float | FloatArray]
    """The mean loss of the logits (a float: the losses' default reduction)."""
    gradient: Callable[..., FloatArray]
    """Gradient of the summed loss with respect to each logit."""
    curvature: Callable[..., float]
    """Bound :math:`c` on the loss's second derivative in the logit (of the
    options only)."""
    options: tuple[str, ...]
    """Names of the ``LogisticRegression`` options passed to the three."""


LOSSES: dict[str, BinaryLoss] = {
    "log_loss": BinaryLoss(
        binary_cross_entropy_with_logits,
        gradients.binary_cross_entropy_with_logits,
        _log_loss_curvature,
        ("pos_weight", "label_smoothing"),
    ),
    "focal": BinaryLoss(
        sigmoid_focal_loss,
        gradients.sigmoid_focal_loss,
        _focal_curvature,
        ("alpha", "gamma"),
    ),
    "mse": BinaryLoss(
        _squared_error_of_probability,
        _squared_error_of_probability_gradient,
        _squared_error_curvature,
        (),
    ),
}


class _Option(NamedTuple):
    """How one option of :class:`LogisticRegression` is checked.

    ``is_on`` says whether a switch (an option that is off by default) is
    on; setting it for a loss that does not accept it is an error.  It is
    None for a parameter that the other losses ignore (the focal ``gamma``).
    """

    check: Callable[[Any], object]
    is_on: Callable[[Any], bool] | None


_OPTIONS: dict[str, _Option] = {
    "pos_weight": _Option(
        lambda w: (
            w is None or check_scalar(w, "pos_weight", low=0, high=np.inf)
        ),
        lambda w: w is not None,
    ),
    "label_smoothing": _Option(
        lambda eps: check_scalar(eps, "label_smoothing", low=0, high=1),
        bool,
    ),
    "alpha": _Option(
        lambda a: a is None or check_scalar(a, "alpha", low=0, high=1),
        lambda a: a is not None,
    ),
    "gamma": _Option(
        lambda g: check_scalar(g, "gamma", low=0, high=np.inf), None
    ),
}


# ------------------------------------------------------------------ checks


def _check_X(
    X: ArrayLike,
    n_features: int | None = None,
    *,
    name: str = "X",
    fitted: str = "the model was fitted with",
) -> FloatArray:
    features: FloatArray = as_float_array(X, name, ndim=2).astype(np.float64)
    if n_features is not None and features.shape[1] != n_features:
        raise ValueError(
            f"{name} has {features.shape[1]} features but {fitted} {n_features}"
        )
    return features


def _check_y_length(
    X: FloatArray, y: FloatArray | IntArray, names: str = "X and y"
) -> None:
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"{names} have inconsistent numbers of samples: shapes {X.shape} and {y.shape}"
        )


def _check_fitted(model: object) -> None:
    if not hasattr(model, "coef_"):
        raise ValueError(
            f"this {type(model).__name__} is not fitted yet; call fit(X, y) first"
        )


def _batches(
    n: int, batch_size: int | None, rng: np.random.Generator
) -> list[slice] | list[NDArray[np.int64]]:
    """Index arrays of one epoch: all samples, or shuffled mini-batches."""
    if batch_size is None or batch_size >= n:
        return [slice(None)]
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def _curvature_scale(X: FloatArray) -> float:
    r""":math:`\lVert [X, 1] \rVert_2^2 / n`, the largest eigenvalue of the
    design's Gram matrix over n.
    """
    X1 = np.hstack([X, np.ones((X.shape[0], 1))])
    return float(np.linalg.norm(X1, 2) ** 2 / X.shape[0])


# -------------------------------------------------------------- the models

_Labels = Callable[[ArrayLike, str], Any]
"""A label check: the labels and their argument name in, clean labels out."""


def _training_data(
    X: ArrayLike, y: ArrayLike, labels: _Labels
) -> tuple[FloatArray, Any]:
    """The checked features and labels."""
    features, checked = _check_X(X), labels(y, "y")
    _check_y_length(features, checked)
    return features, checked


def _validation_data(
    eval_set: tuple[ArrayLike, ArrayLike] | None,
    n_features: int,
    labels: _Labels,
) -> tuple[FloatArray, Any] | None:
    """The checked ``eval_set=(X_val, y_val)``, or None."""
    if eval_set is None:
        return None
    try:
        X_val, y_val = eval_set
    except (TypeError, ValueError):
        raise ValueError("eval_set must be a pair (X_val, y_val)") from None
    features = _check_X(X_val, n_features, name="X_val", fitted="X has")
    checked = labels(y_val, "y_val")
    _check_y_length(features, checked, "X_val and y_val")
    return features, checked


class _LinearClassifier:
    """What both models share: the one gradient-descent loop of lossbook,
    with its record of each epoch, and the logits.

    A subclass provides ``_gradient(y, Z)`` (gradient of the mean data loss with
    respect to the logits ``Z``) and ``_loss(y, Z)`` (that mean loss).
    """

    learning_rate: float | None
    epochs: int
    batch_size: int | None
    l2: float
    random_state: int | None
    coef_: FloatArray
    intercept_: Any
    n_features_in_: int

    def _loss(self, y: Any, Z: FloatArray) -> float:
        raise NotImplementedError  # pragma: no cover

    def _gradient(self, y: Any, Z: FloatArray) -> FloatArray:
        raise NotImplementedError  # pragma: no cover

    def _check_optimiser(self) -> tuple[int, int | None]:
        """Check the optimiser's options; return ``epochs`` and ``batch_size`` as ints."""
        if self.learning_rate is not None:
            check_scalar(
                self.learning_rate,
                "learning_rate",
                low=0,
                high=np.inf,
                low_open=True,
            )
        check_scalar(self.l2, "l2", low=0, high=np.inf)
        epochs = check_integer(self.epochs, "epochs", low=1)
        if self.batch_size is None:
            return epochs, None
        return epochs, check_integer(self.batch_size, "batch_size", low=1)

    def _descend(
        self,
        X: FloatArray,
        y: Any,
        start: tuple[FloatArray, Any],
        learning_rate: float,
        schedule: tuple[int, int | None],
        eval_set: tuple[FloatArray, Any] | None,
    ) -> None:
        """Run (mini-batch) gradient descent from ``start`` (weights,
        intercept) for ``schedule`` (epochs, batch size), recording the
        history after each epoch."""
        epochs, batch_size = schedule
        rng = np.random.default_rng(self.random_state)
        coef, intercept = start
        coefs, intercepts, history, eval_history = [], [], [], []
        for _ in range(epochs):
            for batch in _batches(X.shape[0], batch_size, rng):
                Xb = X[batch]
                grad_z = self._gradient(y[batch], Xb @ coef + intercept)
                coef = coef - learning_rate * (Xb.T @ grad_z + self.l2 * coef)
                intercept = intercept - learning_rate * grad_z.sum(axis=0)
            penalty = 0.5 * self.l2 * float(np.sum(coef * coef))
            history.append(self._loss(y, X @ coef + intercept) + penalty)
            if eval_set is not None:
                X_val, y_val = eval_set
                eval_history.append(
                    self._loss(y_val, X_val @ coef + intercept) + penalty
                )
            coefs.append(coef)
            intercepts.append(intercept)
        self.coef_, self.intercept_ = coef, intercept
        self.loss_history_ = np.array(history)
        self.coef_history_ = np.array(coefs)
        self.intercept_history_ = np.array(intercepts)
        self.eval_loss_history_ = (
            None if eval_set is None else np.array(eval_history)
        )
        self.n_features_in_ = X.shape[1]

    def decision_function(self, X: ArrayLike) -> FloatArray:
        """The logits :math:`XW + b`.

        Args:
            X: features, shape ``(n, d)``.

        Returns:
            The logits, shape ``(n,)`` for binary and ``(n, k)`` for k classes.
        """
        _check_fitted(self)
        logits: FloatArray = (
            _check_X(X, self.n_features_in_) @ self.coef_ + self.intercept_
        )
        return logits


def _binary_labels(y: ArrayLike, name: str) -> FloatArray:
    labels: FloatArray = check_hard_labels(
        as_float_array(y, name, ndim=1), name
    ).astype(np.float64)
    return labels


class LogisticRegression(_LinearClassifier):
    r"""Binary logistic regression :math:`p = \sigma(w^\top x + b)`, fitted by gradient descent.

    Minimises the mean of a loss of the logits plus :math:`\frac{\lambda}{2}\lVert w\rVert^2`:

    * ``loss="log_loss"``: :func:`lossbook.binary_cross_entropy_with_logits`
      (with ``pos_weight`` and ``label_smoothing``);
    * ``loss="focal"``: :func:`lossbook.sigmoid_focal_loss` (``gamma``, ``alpha``);
    * ``loss="mse"``: the squared error of the probability, :math:`(\sigma(z) - y)^2`,
      whose gradient vanishes for confidently wrong predictions.

    ``pos_weight``, ``label_smoothing`` and ``alpha`` are off by default;
    switching one on for a loss that does not accept it is an error, while
    ``gamma`` is ignored by the losses other than the focal loss.

    Args:
        loss: ``"log_loss"``, ``"focal"`` or ``"mse"``.
        learning_rate: step size; None uses :math:`1/L` with
            :math:`L = c\,\lVert [X, 1]\rVert_2^2 / n + \lambda` and :math:`c` the
            largest second derivative of the loss in :math:`z`
            (:math:`\max(w_+, 1)/4` for log loss, :math:`(1 + \gamma)/4` for
            the focal loss, 1/4 for the squared error).
        epochs: passes over the training set.
        batch_size: samples per step; None for full-batch gradient descent.
        l2: L2 penalty strength :math:`\lambda \ge 0`.
        pos_weight: weight :math:`w_+` of the positive class in the log loss.
        label_smoothing: :math:`\varepsilon \in [0, 1]` for the log loss.
        gamma: focusing parameter of the focal loss.
        alpha: class weight of the focal loss, or None.
        init_intercept: starting intercept, e.g. the log prior odds.
        random_state: seed of the mini-batch shuffling.

    Attributes:
        coef_: weights :math:`w`, shape ``(d,)``.
        intercept_: intercept :math:`b`, a float.
        loss_history_: the training objective (mean loss plus penalty) after
            each epoch, shape ``(epochs,)``.
        coef_history_: the weights after each epoch, shape ``(epochs, d)``;
            the last row is ``coef_``.
        intercept_history_: the intercept after each epoch, shape ``(epochs,)``.
        eval_loss_history_: the same objective on ``eval_set`` after each
            epoch, shape ``(epochs,)``; None when ``fit`` had no ``eval_set``.
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

    Training and validation curves:

    >>> X_val, y_val = make_blobs(200, random_state=1)
    >>> model = LogisticRegression(epochs=50).fit(X, y, eval_set=(X_val, y_val))
    >>> model.loss_history_.shape, model.eval_loss_history_.shape
    ((50,), (50,))
    >>> last = model.coef_history_[-1]
    >>> model.coef_history_.shape, bool(np.all(last == model.coef_))
    ((50, 2), True)
    """

    def __init__(
        self,
        *,
        loss: str = "log_loss",
        learning_rate: float | None = None,
        epochs: int = 2000,
        batch_size: int | None = None,
        l2: float = 0.0,
        pos_weight: float | None = None,
        label_smoothing: float = 0.0,
        gamma: float = 2.0,
        alpha: float | None = None,
        init_intercept: float = 0.0,
        random_state: int | None = 0,
    ) -> None:
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

    def _spec(self) -> BinaryLoss:
        """The chosen loss's entry of ``LOSSES``, after checking its options."""
        if self.loss not in LOSSES:
            raise ValueError(
                f"loss must be one of {tuple(LOSSES)}, got {self.loss!r}"
            )
        spec = LOSSES[self.loss]
        for name, option in _OPTIONS.items():
            value = getattr(self, name)
            if name in spec.options:
                option.check(value)
            elif option.is_on is not None and option.is_on(value):
                raise ValueError(self._not_accepted(name))
        return spec

    def _not_accepted(self, name: str) -> str:
        """Message for the switch ``name``, set for a loss without it."""
        owner = next(loss for loss in LOSSES if name in LOSSES[loss].options)
        switches = [
            option
            for option in LOSSES[owner].options
            if _OPTIONS[option].is_on is not None
        ]
        verb = "applies" if len(switches) == 1 else "apply"
        return (
            f"{' and '.join(switches)} {verb} to loss={owner!r}, "
            f"not {self.loss!r}"
        )

    def _options(self) -> dict[str, Any]:
        """The options of the chosen loss, by name."""
        return {
            name: getattr(self, name) for name in LOSSES[self.loss].options
        }

    def _loss(self, y: FloatArray, z: FloatArray) -> float:
        """Mean data loss at the logits z."""
        return float(LOSSES[self.loss].value(y, z, **self._options()))

    def _gradient(self, y: FloatArray, z: FloatArray) -> FloatArray:
        """Gradient of the mean data loss with respect to the logits z."""
        grad = LOSSES[self.loss].gradient(y, z, **self._options())
        return grad / y.shape[0]

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        *,
        eval_set: tuple[ArrayLike, ArrayLike] | None = None,
    ) -> LogisticRegression:
        """Fit the weights and intercept to ``X`` of shape ``(n, d)`` and 0/1 labels ``y``.

        Args:
            X: features, shape ``(n, d)``.
            y: labels in {0, 1}, shape ``(n,)``.
            eval_set: optional validation data ``(X_val, y_val)``, on which the
                objective is recorded after each epoch in ``eval_loss_history_``.

        Returns:
            The fitted model (``self``).
        """
        spec = self._spec()
        schedule = self._check_optimiser()
        features, labels = _training_data(X, y, _binary_labels)
        validation = _validation_data(
            eval_set, features.shape[1], _binary_labels
        )
        learning_rate = self.learning_rate or 1 / (
            spec.curvature(**self._options()) * _curvature_scale(features)
            + self.l2
        )
        self.classes_ = np.array([0, 1])
        self._descend(
            features,
            labels,
            (np.zeros(features.shape[1]), float(self.init_intercept)),
            learning_rate,
            schedule,
            validation,
        )
        return self

    def predict_proba(self, X: ArrayLike) -> FloatArray:
        r"""Class probabilities :math:`[1 - \sigma(z), \sigma(z)]`, as scikit-learn's.

        Args:
            X: features, shape ``(n, d)``.

        Returns:
            The probabilities of classes 0 and 1, shape ``(n, 2)``.
        """
        z = self.decision_function(X)
        return np.stack([sigmoid(-z), sigmoid(z)], axis=1)

    def predict(self, X: ArrayLike) -> IntArray:
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
        loss_history_: the training objective (mean loss plus penalty) after
            each epoch, shape ``(epochs,)``.
        coef_history_: the weights after each epoch, shape ``(epochs, d, k)``.
        intercept_history_: the intercepts after each epoch, shape ``(epochs, k)``.
        eval_loss_history_: the same objective on ``eval_set`` after each
            epoch, shape ``(epochs,)``; None when ``fit`` had no ``eval_set``.
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
        learning_rate: float | None = None,
        epochs: int = 2000,
        batch_size: int | None = None,
        l2: float = 0.0,
        class_weight: ArrayLike | None = None,
        label_smoothing: float = 0.0,
        random_state: int | None = 0,
    ) -> None:
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.l2 = l2
        self.class_weight = class_weight
        self.label_smoothing = label_smoothing
        self.random_state = random_state

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        *,
        eval_set: tuple[ArrayLike, ArrayLike] | None = None,
    ) -> SoftmaxRegression:
        """Fit the weights and intercepts to ``X`` of shape ``(n, d)`` and labels ``y``.

        Args:
            X: features, shape ``(n, d)``.
            y: integer class labels 0..k-1, shape ``(n,)``.
            eval_set: optional validation data ``(X_val, y_val)``, labels
                below k, on which the objective is recorded after each epoch
                in ``eval_loss_history_``.

        Returns:
            The fitted model (``self``).
        """
        schedule = self._check_optimiser()
        check_scalar(self.label_smoothing, "label_smoothing", low=0, high=1)
        features, labels = _training_data(X, y, check_class_labels)
        k = max(int(labels.max()) + 1, 2)
        validation = _validation_data(
            eval_set,
            features.shape[1],
            lambda y_val, name: check_class_labels(y_val, name, k),
        )
        weights = (
            np.ones(k)
            if self.class_weight is None
            else check_weights(
                self.class_weight, "class_weight", length=k, what="classes"
            )
        )
        lr = self.learning_rate
        if lr is None:
            mean_weight = float(weights[labels].mean())
            if mean_weight == 0:
                raise ValueError(
                    "class_weight is zero for every class present in y"
                )
            lr = 1 / (
                0.5 * weights.max() / mean_weight * _curvature_scale(features)
                + self.l2
            )
        self.classes_ = np.arange(k)
        self._class_weights = weights
        self._descend(
            features,
            labels,
            (np.zeros((features.shape[1], k)), np.zeros(k)),
            lr,
            schedule,
            validation,
        )
        return self

    def _options(self) -> dict[str, Any]:
        return dict(
            class_weight=self.class_weight,
            label_smoothing=self.label_smoothing,
        )

    def _loss(self, y: IntArray, Z: FloatArray) -> float:
        """Mean data loss (PyTorch's weighted mean) at the logits Z."""
        return float(
            softmax_cross_entropy_with_logits(y, Z, **self._options())
        )

    def _gradient(self, y: IntArray, Z: FloatArray) -> FloatArray:
        """Gradient of the weighted mean loss with respect to the logits Z."""
        grad = gradients.softmax_cross_entropy_with_logits(
            y, Z, **self._options()
        )
        return grad / self._class_weights[y].sum()

    def predict_proba(self, X: ArrayLike) -> FloatArray:
        r"""Class probabilities :math:`\mathrm{softmax}(Z)`, row by row.

        Args:
            X: features, shape ``(n, d)``.

        Returns:
            The probabilities, shape ``(n, k)``.
        """
        return np.asarray(softmax(self.decision_function(X)))

    def predict(self, X: ArrayLike) -> IntArray:
        """Predicted labels: the class with the largest logit.

        Args:
            X: features, shape ``(n, d)``.

        Returns:
            Integer labels, shape ``(n,)``.
        """
        return np.argmax(self.decision_function(X), axis=1)
