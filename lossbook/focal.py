"""Focal loss (Lin et al., 2017): cross-entropy that down-weights easy examples."""

import numpy as np

from ._reduction import reduce, weight_samples
from ._validation import check_scalar, targets_and_prediction
from .activations import sigmoid
from .binary import binary_cross_entropy_with_logits


def _focal_inputs(y_true, logits, alpha, gamma):
    """Validated targets, logits, alpha (or None) and gamma."""
    y, z = targets_and_prediction(y_true, logits, "logits")
    gamma = check_scalar(gamma, "gamma", low=0, high=np.inf)
    if alpha is not None:
        alpha = check_scalar(alpha, "alpha", low=0, high=1)
    return y, z, alpha, gamma


def _focal_parts(y, z):
    r"""Cross-entropy, :math:`1 - p_t` and the two sigmoids, each computed stably."""
    p, not_p = sigmoid(z), sigmoid(-z)
    ce = binary_cross_entropy_with_logits(y, z, reduction="none")
    one_minus_pt = y * not_p + (1 - y) * p  # never 1 - p_t, which cancels
    return ce, one_minus_pt, p, not_p


def sigmoid_focal_loss(
    y_true,
    logits,
    *,
    alpha=None,
    gamma=2.0,
    sample_weight=None,
    reduction="mean",
):
    r"""Sigmoid focal loss of Lin et al. (2017), from logits :math:`z`.

    .. math:: \ell = \alpha_t\, (1 - p_t)^{\gamma}\, \mathrm{CE}(y, z),
        \qquad p_t = p\,y + (1 - p)(1 - y),\quad p = \sigma(z)

    with :math:`\alpha_t = \alpha y + (1 - \alpha)(1 - y)` (no weighting when
    ``alpha`` is None) and CE the binary cross-entropy with logits.
    :math:`1 - p_t = y\,\sigma(-z) + (1 - y)\,\sigma(z)` is computed without
    subtracting from 1, so the loss stays finite and accurate for large
    logits and for any :math:`\gamma \ge 0`.  :math:`\gamma = 0` with no
    ``alpha`` is the plain cross-entropy.  Per-element values equal
    torchvision's ``sigmoid_focal_loss``.

    Args:
        y_true: targets in [0, 1].
        logits: real-valued scores, same shape as ``y_true``.
        alpha: weight :math:`\alpha \in [0, 1]` of the positive class, or None.
        gamma: focusing parameter :math:`\gamma \ge 0`.
        sample_weight: optional non-negative weight per sample (first axis).
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the per-element losses for ``"none"``.

    >>> round(sigmoid_focal_loss([1], [0.0]), 4)  # 0.5**2 * log 2
    0.1733
    >>> round(sigmoid_focal_loss([1], [0.0], gamma=0.0), 4)
    0.6931
    """
    y, z, alpha, gamma = _focal_inputs(y_true, logits, alpha, gamma)
    ce, one_minus_pt, _, _ = _focal_parts(y, z)
    losses = one_minus_pt**gamma * ce
    if alpha is not None:
        losses = (alpha * y + (1 - alpha) * (1 - y)) * losses
    return reduce(losses, reduction, sample_weight)


def sigmoid_focal_loss_gradient(
    y_true, logits, *, alpha=None, gamma=2.0, sample_weight=None
):
    r"""Gradient of :func:`lossbook.sigmoid_focal_loss` w.r.t. the logits.

    With :math:`q = 1 - p_t = y\,\sigma(-z) + (1-y)\,\sigma(z)` and
    :math:`\mathrm{CE}` the cross-entropy with logits,

    .. math:: \frac{\partial \ell}{\partial z} = \alpha_t\, q^{\gamma}
        \left[\gamma\,(1 - 2y)\,\frac{\sigma(z)\sigma(-z)}{q}\,\mathrm{CE}
        + \sigma(z) - y\right]

    using :math:`dq/dz = (1 - 2y)\,\sigma(z)\sigma(-z)`; the ratio
    :math:`\sigma(z)\sigma(-z)/q \le 1` keeps it finite for :math:`\gamma < 1`.

    Args:
        y_true: targets in [0, 1].
        logits: real-valued scores, same shape.
        alpha: weight of the positive class in [0, 1], or None.
        gamma: focusing parameter :math:`\gamma \ge 0`.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, same shape as ``logits``.

    >>> sigmoid_focal_loss_gradient([1.0], [0.0], gamma=0.0)
    array([-0.5])
    """
    y, z, alpha, gamma = _focal_inputs(y_true, logits, alpha, gamma)
    ce, q, p, not_p = _focal_parts(y, z)
    ratio = np.divide(p * not_p, q, out=np.zeros_like(q), where=q > 0)
    grad = q**gamma * (
        gamma * (1 - 2 * y) * ratio * ce + (1 - y) * p - y * not_p
    )
    if alpha is not None:
        grad = (alpha * y + (1 - alpha) * (1 - y)) * grad
    return weight_samples(grad, sample_weight)
