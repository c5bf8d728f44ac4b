"""Regression losses: squared, absolute and Huber error.

Values equal PyTorch's ``F.mse_loss``, ``F.l1_loss`` and ``F.huber_loss``.
"""

import numpy as np

from ._reduction import reduce, weight_samples
from ._validation import as_float_array, check_same_shape, check_scalar


def _residual(y_true, y_pred):
    """Validated ``y_pred - y_true``."""
    y = as_float_array(y_true, "y_true")
    pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y, pred, "y_true", "y_pred")
    return pred - y


def mse(y_true, y_pred, *, sample_weight=None, reduction="mean"):
    r"""Mean squared error, :math:`\frac{1}{n}\sum_i (\hat y_i - y_i)^2`.

    Same values as PyTorch's ``F.mse_loss``.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        sample_weight: optional non-negative weight per sample (first axis).
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the per-element losses for ``"none"``.

    >>> mse([100.0], [120.0]), mse([100.0], [150.0])
    (400.0, 2500.0)
    """
    return reduce(_residual(y_true, y_pred) ** 2, reduction, sample_weight)


def rmse(y_true, y_pred, *, sample_weight=None):
    r"""Root mean squared error, :math:`\sqrt{\mathrm{MSE}}`, in the units of ``y``.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        sample_weight: optional non-negative weight per sample (first axis).

    Returns:
        The square root of the (weighted) mean squared error, a float.

    >>> rmse([0.0, 0.0], [3.0, -3.0])
    3.0
    """
    return float(np.sqrt(mse(y_true, y_pred, sample_weight=sample_weight)))


def mae(y_true, y_pred, *, sample_weight=None, reduction="mean"):
    r"""Mean absolute error, :math:`\frac{1}{n}\sum_i |\hat y_i - y_i|`.

    Same values as PyTorch's ``F.l1_loss``.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        sample_weight: optional non-negative weight per sample (first axis).
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the per-element losses for ``"none"``.

    >>> mae([100.0], [120.0]), mae([100.0], [150.0])
    (20.0, 50.0)
    """
    return reduce(np.abs(_residual(y_true, y_pred)), reduction, sample_weight)


def huber(y_true, y_pred, *, delta=1.0, sample_weight=None, reduction="mean"):
    r"""Huber loss: squared near zero, linear beyond :math:`\delta` (Huber, 1964).

    .. math:: \ell(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\
              \delta\,(|r| - \tfrac12\delta) & |r| > \delta \end{cases}

    with :math:`r = \hat y - y` and :math:`\delta > 0`.  Same values as
    PyTorch's ``F.huber_loss``.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        delta: threshold :math:`\delta > 0` between the two regimes.
        sample_weight: optional non-negative weight per sample (first axis).
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the per-element losses for ``"none"``.

    >>> huber([0.0, 0.0], [0.5, 3.0], reduction="none")
    array([0.125, 2.5  ])
    """
    delta = check_scalar(delta, "delta", low=0, high=np.inf, low_open=True)
    r = np.abs(_residual(y_true, y_pred))
    losses = np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))
    return reduce(losses, reduction, sample_weight)


def mse_gradient(y_true, y_pred, *, sample_weight=None):
    r"""Gradient of the summed squared error: :math:`2\,(\hat y - y)`.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, same shape as ``y_pred``.

    >>> mse_gradient([1.0, 1.0], [3.0, 0.5])
    array([ 4., -1.])
    """
    return weight_samples(2 * _residual(y_true, y_pred), sample_weight)


def mae_gradient(y_true, y_pred, *, sample_weight=None):
    r"""Gradient of the summed absolute error: :math:`\operatorname{sign}(\hat y - y)`
    (0 where :math:`\hat y = y`, a subgradient).

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, same shape as ``y_pred``.

    >>> mae_gradient([1.0, 1.0, 1.0], [3.0, 0.5, 1.0])
    array([ 1., -1.,  0.])
    """
    return weight_samples(np.sign(_residual(y_true, y_pred)), sample_weight)


def huber_gradient(y_true, y_pred, *, delta=1.0, sample_weight=None):
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

    >>> huber_gradient([0.0, 0.0, 0.0], [0.5, 3.0, -2.0])
    array([ 0.5,  1. , -1. ])
    """
    delta = check_scalar(delta, "delta", low=0, high=np.inf, low_open=True)
    return weight_samples(
        np.clip(_residual(y_true, y_pred), -delta, delta), sample_weight
    )
