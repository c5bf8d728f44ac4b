"""Binary cross-entropy (log loss for one probability per element).

Two entry points, as in the deep-learning libraries: from probabilities and,
better, from logits.  Both accept soft targets in [0, 1].
"""

import numpy as np

from ._reduction import reduce, weight_samples
from ._validation import (
    check_in_unit_interval,
    check_scalar,
    check_weights,
    targets_and_prediction,
)
from .activations import sigmoid


def binary_cross_entropy(
    y_true, y_prob, *, sample_weight=None, reduction="mean"
):
    r"""Binary cross-entropy from probabilities.

    .. math:: \ell(y, p) = -\left[\, y \log p + (1 - y) \log(1 - p) \,\right]

    As in PyTorch's ``F.binary_cross_entropy``, each logarithm is clamped at
    -100, so the loss stays finite at p = 0 or p = 1 (at most 100).

    Args:
        y_true: targets in [0, 1] (hard 0/1 labels or soft targets).
        y_prob: predicted probabilities of the positive class, same shape.
        sample_weight: optional non-negative weight per sample (first axis).
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the per-element losses for ``"none"``.

    >>> round(binary_cross_entropy([1], [0.9]), 3)
    0.105
    >>> binary_cross_entropy([1, 0], [0.0, 0.0], reduction="none")
    array([100.,   0.])
    """
    y, p = targets_and_prediction(y_true, y_prob, "y_prob")
    check_in_unit_interval(p, "y_prob")
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100)
        log_not_p = np.maximum(np.log1p(-p), -100)
    losses = -y * log_p - (1 - y) * log_not_p
    return reduce(losses, reduction, sample_weight)


def binary_cross_entropy_with_logits(
    y_true,
    logits,
    *,
    pos_weight=None,
    sample_weight=None,
    label_smoothing=0.0,
    reduction="mean",
):
    r"""Binary cross-entropy from logits :math:`z`, with :math:`p = \sigma(z)`.

    .. math:: \ell(y, z) = w_+\, y\, \mathrm{softplus}(-z) + (1 - y)\, \mathrm{softplus}(z)

    because :math:`-\log\sigma(z) = \mathrm{softplus}(-z)` and
    :math:`-\log(1-\sigma(z)) = \mathrm{softplus}(z)`.  Both terms are
    non-negative, so nothing cancels: the result is accurate to a few ulp even
    where it is tiny (the textbook form :math:`(1-y)z - \log\sigma(z)` is not),
    and exact for any finite logit (1e4 at z = -1e4, y = 1).  The two softplus
    values share one ``exp`` and one ``log1p``.

    Per-element values equal PyTorch's ``F.binary_cross_entropy_with_logits``.

    Args:
        y_true: targets in [0, 1].
        logits: real-valued scores, same shape as ``y_true``.
        pos_weight: weight :math:`w_+ \ge 0` of the positive term (a scalar or
            one value per class, broadcast along the last axis), as PyTorch's.
        sample_weight: optional non-negative weight per sample (first axis).
        label_smoothing: :math:`\varepsilon \in [0, 1]`; targets become
            :math:`y(1-\varepsilon) + \varepsilon/2` (0.2 turns 1/0 into 0.9/0.1).
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the per-element losses for ``"none"``.

    >>> round(binary_cross_entropy_with_logits([1], [0.0]), 4)
    0.6931
    >>> binary_cross_entropy_with_logits([1.0, 0.0], [-1e4, -60.0], reduction="none")
    array([1.00000000e+04, 8.75651076e-27])
    """
    y, z, w_pos = _logit_inputs(y_true, logits, pos_weight, label_smoothing)
    shared = np.log1p(
        np.exp(-np.abs(z))
    )  # log(1 + e^{-|z|}), in both softplus terms
    losses = (1 - y) * (np.maximum(z, 0) + shared)  # (1 - y) softplus(z)
    losses += w_pos * y * (-np.minimum(z, 0) + shared)  # + w y softplus(-z)
    return reduce(losses, reduction, sample_weight)


def binary_cross_entropy_with_logits_gradient(
    y_true, logits, *, pos_weight=None, sample_weight=None, label_smoothing=0.0
):
    r"""Gradient of :func:`lossbook.binary_cross_entropy_with_logits` w.r.t. the logits.

    .. math:: \frac{\partial \ell}{\partial z} = (1 - y)\,\sigma(z) - w_+\, y\, \sigma(-z)

    which is :math:`\sigma(z) - y` without ``pos_weight``; :math:`y` is the
    smoothed target when ``label_smoothing`` is set.

    Args:
        y_true: targets in [0, 1].
        logits: real-valued scores, same shape.
        pos_weight: weight of the positive term, as in the loss.
        sample_weight: optional non-negative weight per sample.
        label_smoothing: :math:`\varepsilon \in [0, 1]`, as in the loss.

    Returns:
        The gradient, same shape as ``logits``.

    >>> binary_cross_entropy_with_logits_gradient([1.0, 0.0], [0.0, 0.0])
    array([-0.5,  0.5])
    """
    y, z, w_pos = _logit_inputs(y_true, logits, pos_weight, label_smoothing)
    grad = (1 - y) * sigmoid(z) - w_pos * y * sigmoid(-z)
    return weight_samples(grad, sample_weight)


def _logit_inputs(y_true, logits, pos_weight, label_smoothing):
    """Validated (smoothed) targets, logits and positive-class weight."""
    y, z = targets_and_prediction(y_true, logits, "logits")
    eps = check_scalar(label_smoothing, "label_smoothing", low=0, high=1)
    if eps > 0:
        y = y * (1 - eps) + eps / 2
    w_pos = 1.0 if pos_weight is None else _pos_weight(pos_weight, y.shape)
    return y, z, w_pos


def _pos_weight(pos_weight, shape):
    w = check_weights(pos_weight, "pos_weight")
    n_last = shape[-1] if shape else 1
    if w.ndim > 1 or (w.ndim == 1 and w.shape[0] not in (1, n_last)):
        raise ValueError(
            f"pos_weight must be a scalar or have one value per class; got shape "
            f"{w.shape} for targets of shape {shape}"
        )
    return w
