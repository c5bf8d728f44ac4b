r"""Analytic gradients of the losses, element by element.

Each function shares its name with a loss and returns the derivative of the
**summed** loss (each sample weighted by ``sample_weight``) with respect to
the prediction or the logits, an array of the prediction's shape.  Divide by
the number of samples (or by :math:`\sum_i w_i`) for the gradient of the mean.
Check any of them with :func:`lossbook.numerical_gradient`.
"""

import numpy as np

from ._validation import as_float_array, check_scalar, reduce
from .activations import sigmoid, softmax
from .binary import _logit_inputs
from .focal import _focal_inputs, _focal_parts
from .multiclass import _cross_entropy_coefficients
from .regression import _residual

__all__ = [
    "binary_cross_entropy_with_logits",
    "huber",
    "mae",
    "mse",
    "sigmoid_focal_loss",
    "softmax_cross_entropy_with_logits",
]


def binary_cross_entropy_with_logits(
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

    >>> binary_cross_entropy_with_logits([1.0, 0.0], [0.0, 0.0])
    array([-0.5,  0.5])
    """
    y, z, w_pos = _logit_inputs(y_true, logits, pos_weight, label_smoothing)
    grad = (1 - y) * sigmoid(z) - w_pos * y * sigmoid(-z)
    return reduce(grad, "none", sample_weight)


def softmax_cross_entropy_with_logits(
    y_true,
    logits,
    *,
    class_weight=None,
    label_smoothing=0.0,
    sample_weight=None,
):
    r"""Gradient of :func:`lossbook.softmax_cross_entropy_with_logits` w.r.t. the logits.

    With :math:`\ell_i = -\sum_k c_{ik} \log \mathrm{softmax}(z_i)_k`,

    .. math:: \frac{\partial \ell_i}{\partial z_{ik}}
        = \Big(\sum_j c_{ij}\Big)\, \mathrm{softmax}(z_i)_k - c_{ik}

    which is softmax minus the (smoothed) target row when there are no class
    weights.

    Args:
        y_true: integer labels ``(n,)`` or target rows ``(n, k)``.
        logits: real-valued scores, shape ``(n, k)``.
        class_weight: optional non-negative weight per class.
        label_smoothing: :math:`\varepsilon \in [0, 1]`.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, shape ``(n, k)``.

    >>> softmax_cross_entropy_with_logits([0], [[0.0, 0.0]])
    array([[-0.5,  0.5]])
    """
    z = as_float_array(logits, "logits", ndim=2)
    coef, _ = _cross_entropy_coefficients(
        y_true, z.shape, class_weight, label_smoothing
    )
    grad = coef.sum(axis=1, keepdims=True) * softmax(z) - coef
    return reduce(grad, "none", sample_weight)


def sigmoid_focal_loss(
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

    >>> sigmoid_focal_loss([1.0], [0.0], gamma=0.0)
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
    return reduce(grad, "none", sample_weight)


def mse(y_true, y_pred, *, sample_weight=None):
    r"""Gradient of the summed squared error: :math:`2\,(\hat y - y)`.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, same shape as ``y_pred``.

    >>> mse([1.0, 1.0], [3.0, 0.5])
    array([ 4., -1.])
    """
    return reduce(2 * _residual(y_true, y_pred), "none", sample_weight)


def mae(y_true, y_pred, *, sample_weight=None):
    r"""Gradient of the summed absolute error: :math:`\operatorname{sign}(\hat y - y)`
    (0 where :math:`\hat y = y`, a subgradient).

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, same shape as ``y_pred``.

    >>> mae([1.0, 1.0, 1.0], [3.0, 0.5, 1.0])
    array([ 1., -1.,  0.])
    """
    return reduce(np.sign(_residual(y_true, y_pred)), "none", sample_weight)


def huber(y_true, y_pred, *, delta=1.0, sample_weight=None):
    r"""Gradient of the summed Huber loss: :math:`r` for :math:`|r| \le \delta`,
    else :math:`\delta \operatorname{sign}(r)`, with :math:`r = \hat y - y`
    (the residual clipped to :math:`[-\delta, \delta]`).

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        delta: threshold :math:`\delta > 0`, as in the loss.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, same shape as ``y_pred``.

    >>> huber([0.0, 0.0, 0.0], [0.5, 3.0, -2.0])
    array([ 0.5,  1. , -1. ])
    """
    delta = check_scalar(delta, "delta", low=0, high=np.inf, low_open=True)
    return reduce(
        np.clip(_residual(y_true, y_pred), -delta, delta),
        "none",
        sample_weight,
    )


def numerical_gradient(f, x, *, h=1e-6):
    r"""Central-difference gradient of a scalar function ``f`` at ``x``.

    .. math:: \frac{\partial f}{\partial x_j} \approx \frac{f(x + h e_j) - f(x - h e_j)}{2h}

    The error is :math:`O(h^2)` plus rounding of order
    :math:`\epsilon\,|f| / h`.  It evaluates ``f`` twice per coordinate (a loop
    over the entries of ``x``: a checking tool, not for training).

    Args:
        f: a function of one array returning a number.
        x: the point, any shape; it is not modified.
        h: step :math:`h > 0`.

    Returns:
        The gradient, a float64 array of ``x``'s shape.

    >>> from lossbook import mse
    >>> np.round(numerical_gradient(lambda p: 2 * mse([1.0, 1.0], p, reduction="sum"),
    ...                             np.array([3.0, 0.5])), 6)
    array([ 8., -2.])
    """
    h = check_scalar(h, "h", low=0, high=np.inf, low_open=True)
    x = as_float_array(x, "x").astype(np.float64)
    grad = np.empty_like(x)
    for j in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[j] = h
        grad[j] = (float(f(x + step)) - float(f(x - step))) / (2 * h)
    return grad
