r"""Analytic gradients of the losses, element by element.

Each function shares its name with a loss and returns the derivative of the
**summed** loss (each sample weighted by ``sample_weight``) with respect to
the prediction or the logits, an array of the prediction's shape.  Divide by
the number of samples (or by :math:`\sum_i w_i`) for the gradient of the mean.
Each gradient is written next to its loss, in the loss's module (as
``<loss>_gradient``); this module gathers them under the losses' names.
Check any of them with :func:`lossbook.numerical_gradient`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._typing import ArrayLike, FloatArray
from ._validation import as_float_array, check_scalar
from .binary import (
    binary_cross_entropy_with_logits_gradient as binary_cross_entropy_with_logits,
)
from .focal import sigmoid_focal_loss_gradient as sigmoid_focal_loss
from .multiclass import (
    softmax_cross_entropy_with_logits_gradient as softmax_cross_entropy_with_logits,
)
from .regression import huber_gradient as huber
from .regression import mae_gradient as mae
from .regression import mse_gradient as mse

__all__ = [
    "binary_cross_entropy_with_logits",
    "huber",
    "mae",
    "mse",
    "numerical_gradient",
    "sigmoid_focal_loss",
    "softmax_cross_entropy_with_logits",
]


def numerical_gradient(
    f: Callable[[FloatArray], float], x: ArrayLike, *, h: float = 1e-6
) -> FloatArray:
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
    >>> def loss(p):
    ...     return 2 * mse([1.0, 1.0], p, reduction="sum")
    >>> np.round(numerical_gradient(loss, np.array([3.0, 0.5])), 6)
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
