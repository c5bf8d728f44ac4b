"""Focal loss (Lin et al., 2017): cross-entropy that down-weights easy examples."""

from __future__ import annotations

import numpy as np

from ._reduction import reduce, weight_samples
from ._typing import ArrayLike, FloatArray, Reduction
from ._validation import check_scalar, targets_and_logits
from .binary import binary_cross_entropy_with_logits


def sigmoid_focal_loss(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    alpha: float | None = None,
    gamma: float = 2.0,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "mean",
) -> float | FloatArray:
    r"""Sigmoid focal loss of Lin et al. (2017), from logits :math:`z`.

    .. math:: \ell = \alpha_t\, (1 - p_t)^{\gamma}\, \mathrm{CE}(y, z),
        \qquad p_t = p\,y + (1 - p)(1 - y),\quad p = \sigma(z)

    with :math:`\alpha_t = \alpha y + (1 - \alpha)(1 - y)` (no weighting when
    ``alpha`` is None) and CE the binary cross-entropy with logits.
    :math:`1 - p_t = y\,\sigma(-z) + (1 - y)\,\sigma(z)` is computed without
    subtracting from 1, so the loss stays finite and accurate for large
    logits and for any :math:`\gamma \ge 0`.  :math:`\gamma = 0` with no
    ``alpha`` is the plain cross-entropy.  Per-element values equal
    torchvision's ``sigmoid_focal_loss`` for finite logits.

    A logit of :math:`-\infty` gives the limits, as
    :func:`lossbook.binary_cross_entropy_with_logits` does: 0 for
    :math:`y = 0`, :math:`+\infty` for :math:`y > 0`, and 0 wherever
    :math:`\alpha_t = 0`.  Deliberate difference: torchvision's
    ``sigmoid_focal_loss`` returns NaN there for every target and every
    :math:`\gamma` (the NaN of PyTorch's cross-entropy at :math:`-\infty`),
    and NaN gradients for :math:`\gamma > 0`.

    Args:
        y_true: targets in [0, 1].
        logits: real-valued scores, same shape as ``y_true``;
            :math:`-\infty` allowed.
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
    >>> sigmoid_focal_loss([0.0, 1.0], [-np.inf, -np.inf], reduction="none")
    array([ 0., inf])
    """
    y, z, alpha, gamma = _focal_inputs(y_true, logits, alpha, gamma)
    ce, one_minus_pt, _, _ = _focal_parts(y, z)
    losses: FloatArray = one_minus_pt**gamma * ce
    if alpha is not None:
        losses = _weighted_or_zero(_alpha_t(alpha, y), losses)
    return reduce(losses, reduction, sample_weight)


def sigmoid_focal_loss_gradient(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    alpha: float | None = None,
    gamma: float = 2.0,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of :func:`lossbook.sigmoid_focal_loss` w.r.t. the logits.

    With :math:`q = 1 - p_t = y\,\sigma(-z) + (1-y)\,\sigma(z)` and
    :math:`\mathrm{CE}` the cross-entropy with logits,

    .. math:: \frac{\partial \ell}{\partial z} = \alpha_t\, q^{\gamma}
        \left[\gamma\,(1 - 2y)\,\frac{\sigma(z)\sigma(-z)}{q}\,\mathrm{CE}
        + \sigma(z) - y\right]

    using :math:`dq/dz = (1 - 2y)\,\sigma(z)\sigma(-z)`; the ratio
    :math:`\sigma(z)\sigma(-z)/q \le 1` keeps it finite for :math:`\gamma < 1`.
    At :math:`z = -\infty` the ratio is 0 and its product with the infinite
    CE is its limit 0, so the gradient is :math:`-\alpha_t\, y^{\gamma}\, y`,
    finite (torchvision's autograd gives NaN there for :math:`\gamma > 0`).

    Args:
        y_true: targets in [0, 1].
        logits: real-valued scores, same shape; :math:`-\infty` allowed.
        alpha: weight of the positive class in [0, 1], or None.
        gamma: focusing parameter :math:`\gamma \ge 0`.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, same shape as ``logits``.

    >>> sigmoid_focal_loss_gradient([1.0], [0.0], gamma=0.0)
    array([-0.5])
    >>> sigmoid_focal_loss_gradient([0.0, 1.0], [-np.inf, -np.inf])
    array([ 0., -1.])
    """
    y, z, alpha, gamma = _focal_inputs(y_true, logits, alpha, gamma)
    ce, q, p, not_p = _focal_parts(y, z)
    ratio = np.divide(p * not_p, q, out=np.zeros_like(q), where=q > 0)
    grad = q**gamma * (
        gamma * (1 - 2 * y) * _weighted_or_zero(ratio, ce)
        + (1 - y) * p
        - y * not_p
    )
    if alpha is not None:
        grad = _alpha_t(alpha, y) * grad
    return weight_samples(grad, sample_weight)


def _focal_inputs(
    y_true: ArrayLike, logits: ArrayLike, alpha: float | None, gamma: float
) -> tuple[FloatArray, FloatArray, float | None, float]:
    """Validated targets, logits (-inf allowed), alpha (or None) and gamma."""
    y, z = targets_and_logits(y_true, logits)
    gamma = check_scalar(gamma, "gamma", low=0, high=np.inf)
    if alpha is not None:
        alpha = check_scalar(alpha, "alpha", low=0, high=1)
    return y, z, alpha, gamma


def _focal_parts(
    y: FloatArray, z: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    r"""Cross-entropy, :math:`q = 1 - p_t`, :math:`\sigma(z)` and
    :math:`\sigma(-z)`, each computed stably (the sigmoids from one ``exp``,
    :math:`-\infty` included)."""
    e = np.exp(-np.abs(z))
    p, not_p = (
        np.where(z >= 0, 1, e) / (1 + e),
        np.where(z >= 0, e, 1) / (1 + e),
    )
    ce = np.asarray(binary_cross_entropy_with_logits(y, z, reduction="none"))
    one_minus_pt = y * not_p + (1 - y) * p  # never 1 - p_t, which cancels
    return ce, one_minus_pt, p, not_p


def _alpha_t(alpha: float, y: FloatArray) -> FloatArray:
    r""":math:`\alpha_t = \alpha y + (1 - \alpha)(1 - y)`."""
    return alpha * y + (1 - alpha) * (1 - y)


def _weighted_or_zero(weight: FloatArray, term: FloatArray) -> FloatArray:
    r"""``weight * term`` with :math:`0 \cdot \infty = 0`: a zero weight
    (:math:`\alpha_t = 0`, or a vanishing factor at :math:`z = -\infty`)
    cancels even an infinite cross-entropy, its limit."""
    return np.multiply(
        weight,
        term,
        out=np.zeros(term.shape, np.result_type(weight, term)),
        where=weight != 0,
    )
