"""Binary cross-entropy (log loss for one probability per element).

Two entry points, as in the deep-learning libraries: from probabilities and,
better, from logits.  Both accept soft targets in [0, 1].
"""

from __future__ import annotations

import numpy as np

from ._reduction import reduce, weight_samples
from ._typing import ArrayLike, FloatArray, Reduction
from ._validation import (
    check_in_unit_interval,
    check_scalar,
    check_weights,
    targets_and_logits,
    targets_and_prediction,
)


def binary_cross_entropy(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "mean",
) -> float | FloatArray:
    r"""Binary cross-entropy from probabilities.

    .. math:: \ell(y, p) = -\left[\, y \log p + (1 - y) \log(1 - p) \,\right]

    As in PyTorch's ``F.binary_cross_entropy``, each logarithm is clamped at
    -100, so the loss stays finite at p = 0 or p = 1 (at most 100), and
    targets or probabilities outside [0, 1] raise an error (``ValueError``
    here, ``RuntimeError`` there).

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
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    pos_weight: ArrayLike | None = None,
    sample_weight: ArrayLike | None = None,
    label_smoothing: float = 0.0,
    reduction: Reduction = "mean",
) -> float | FloatArray:
    r"""Binary cross-entropy from logits :math:`z`, with :math:`p = \sigma(z)`.

    .. math:: \ell(y, z) = w_+\, y\, \mathrm{softplus}(-z) + (1 - y)\, \mathrm{softplus}(z)

    because :math:`-\log\sigma(z) = \mathrm{softplus}(-z)` and
    :math:`-\log(1-\sigma(z)) = \mathrm{softplus}(z)`.  Both terms are
    non-negative, so nothing cancels: the result is accurate to a few ulp even
    where it is tiny (the textbook form :math:`(1-y)z - \log\sigma(z)` is not),
    and exact for any finite logit (1e4 at z = -1e4, y = 1).  The two softplus
    values share one ``exp`` and one ``log1p``.

    A logit of :math:`-\infty` (the positive class ruled out) gives the
    limits: 0 for :math:`y = 0` and :math:`+\infty` for any :math:`y > 0`
    (soft and smoothed targets included); a positive term that does not
    count (:math:`y = 0` or :math:`w_+ = 0`) is 0, never :math:`0 \cdot \infty`.
    NaN and :math:`+\infty` raise ``ValueError``.

    Per-element values agree with PyTorch's
    ``F.binary_cross_entropy_with_logits`` for finite logits up to PyTorch's
    rounding: PyTorch computes the textbook form
    :math:`(1 - y)z - \log\sigma(z)`, which loses a few ulp of :math:`|z|`
    where the loss is tiny (at :math:`y = 0` PyTorch 2.13 returns 9.237e-14
    for :math:`z = -30`, whose loss is :math:`9.358 \times 10^{-14}`, and 0
    for :math:`z = -60`; lossbook returns both correctly rounded); elsewhere
    they agree to about 1e-12 relatively.  Deliberate differences from it:

    - at :math:`z = -\infty` PyTorch 2.13 returns NaN for every target (its
      form :math:`(1 - y)z - \log\sigma(z)` computes :math:`-\infty + \infty`),
      though its gradient there is :math:`\sigma(-\infty) - y = -y`; lossbook
      returns the limits above;
    - targets outside [0, 1] raise ``ValueError``; PyTorch accepts any real
      target (1.5 at z = 0 gives ln 2, -0.5 at z = 2 gives 3.127);
    - a negative ``pos_weight`` raises ``ValueError``; PyTorch accepts it and
      returns negative losses (-ln 2 at z = 0, y = 1, ``pos_weight=-1``).

    Args:
        y_true: targets in [0, 1].
        logits: real-valued scores, same shape as ``y_true``;
            :math:`-\infty` allowed.
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
    >>> binary_cross_entropy_with_logits(
    ...     [1.0, 0.0], [-1e4, -60.0], reduction="none"
    ... )
    array([1.00000000e+04, 8.75651076e-27])
    >>> binary_cross_entropy_with_logits(
    ...     [0.0, 1.0], [-np.inf, -np.inf], reduction="none"
    ... )
    array([ 0., inf])
    """
    y, z, w_pos = _logit_inputs(y_true, logits, pos_weight, label_smoothing)
    shared = np.log1p(np.exp(-np.abs(z)))  # log(1 + e^{-|z|}), in both terms
    with np.errstate(invalid="ignore"):  # 0 * inf, handled below
        losses = (1 - y) * (np.maximum(z, 0) + shared)  # (1 - y) softplus(z)
        # (-min(z, 0) + shared, not shared - min(z, 0): NumPy reuses a
        # temporary on the left, which keeps the peak at four arrays)
        losses += w_pos * y * (-np.minimum(z, 0) + shared)  # w y softplus(-z)
    if np.isnan(np.sum(losses)):  # one pass, no array: rare
        # Only a -inf logit makes NaN: softplus(-z) = +inf times a positive
        # weight w y of 0, a term that does not count.
        losses[np.isnan(losses)] = 0.0
    return reduce(losses, reduction, sample_weight)


def binary_cross_entropy_with_logits_gradient(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    pos_weight: ArrayLike | None = None,
    sample_weight: ArrayLike | None = None,
    label_smoothing: float = 0.0,
) -> FloatArray:
    r"""Gradient of :func:`lossbook.binary_cross_entropy_with_logits` w.r.t. the logits.

    .. math:: \frac{\partial \ell}{\partial z} = (1 - y)\,\sigma(z) - w_+\, y\, \sigma(-z)

    which is :math:`\sigma(z) - y` without ``pos_weight``; :math:`y` is the
    smoothed target when ``label_smoothing`` is set.  At :math:`z = -\infty`
    it is :math:`-w_+ y` (finite), as PyTorch's autograd gives.

    Args:
        y_true: targets in [0, 1].
        logits: real-valued scores, same shape; :math:`-\infty` allowed.
        pos_weight: weight of the positive term, as in the loss.
        sample_weight: optional non-negative weight per sample.
        label_smoothing: :math:`\varepsilon \in [0, 1]`, as in the loss.

    Returns:
        The gradient, same shape as ``logits``.

    >>> binary_cross_entropy_with_logits_gradient([1.0, 0.0], [0.0, 0.0])
    array([-0.5,  0.5])
    >>> binary_cross_entropy_with_logits_gradient([1.0, 0.0], [-np.inf, -np.inf])
    array([-1.,  0.])
    """
    y, z, w_pos = _logit_inputs(y_true, logits, pos_weight, label_smoothing)
    p, not_p = _sigmoids(z)
    grad = (1 - y) * p - w_pos * y * not_p
    return weight_samples(grad, sample_weight)


def _sigmoids(z: FloatArray) -> tuple[FloatArray, FloatArray]:
    r""":math:`\sigma(z)` and :math:`\sigma(-z)` from one ``exp``, for validated
    logits (:math:`-\infty` gives 0 and 1; ``lossbook.sigmoid`` would refuse
    the :math:`+\infty` of :math:`-z`)."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1, e) / (1 + e), np.where(z >= 0, e, 1) / (1 + e)


def _logit_inputs(
    y_true: ArrayLike,
    logits: ArrayLike,
    pos_weight: ArrayLike | None,
    label_smoothing: float,
) -> tuple[FloatArray, FloatArray, float | FloatArray]:
    """Validated (smoothed) targets, logits and positive-class weight, the
    weight in the targets' and logits' precision."""
    y, z = targets_and_logits(y_true, logits)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0, high=1)
    if eps > 0:
        y = y * (1 - eps) + eps / 2
    if pos_weight is None:
        return y, z, 1.0
    return y, z, _pos_weight(pos_weight, y.shape, np.result_type(y, z))


def _pos_weight(
    pos_weight: ArrayLike, shape: tuple[int, ...], dtype: np.dtype
) -> FloatArray:
    """``pos_weight`` checked against the targets' shape, as ``dtype``."""
    w = check_weights(pos_weight, "pos_weight")
    n_last = shape[-1] if shape else 1
    if w.ndim > 1 or (w.ndim == 1 and w.shape[0] not in (1, n_last)):
        raise ValueError(
            f"pos_weight must be a scalar or have one value per class; got shape "
            f"{w.shape} for targets of shape {shape}"
        )
    return w.astype(dtype, copy=False)
