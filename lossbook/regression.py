"""Regression losses: squared, absolute and Huber error, and RMSE.

Values equal PyTorch's ``F.mse_loss``, ``F.l1_loss`` and ``F.huber_loss``
(the mean is over all elements, whatever the shape) and, for
:func:`rmse`, scikit-learn's ``root_mean_squared_error``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ._reduction import reduce, weight_samples
from ._typing import ArrayLike, FloatArray, Reduction
from ._validation import (
    as_float_array,
    check_same_shape,
    check_sample_weight,
    check_scalar,
    check_weights,
)

MULTIOUTPUT = ("uniform_average", "raw_values")


def _residual(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    ndim: tuple[int, ...] | None = None,
) -> FloatArray:
    """Validated ``y_pred - y_true`` (of ``ndim`` dimensions, when given)."""
    y = as_float_array(y_true, "y_true", ndim=ndim)
    pred = as_float_array(y_pred, "y_pred", ndim=ndim)
    check_same_shape(y, pred, "y_true", "y_pred")
    return pred - y


def mse(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "mean",
) -> float | FloatArray:
    r"""Mean squared error, :math:`\frac{1}{n}\sum_i (\hat y_i - y_i)^2`.

    Same values as PyTorch's ``F.mse_loss``: for input of any shape the mean
    is over all elements (each sample weighted by ``sample_weight``).  For
    1-D and 2-D input this is also scikit-learn's ``mean_squared_error`` with
    its default ``multioutput="uniform_average"``: the mean of the columns'
    (weighted) MSEs equals the (weighted) mean over all elements, since
    every column has the same samples and weights.  Otherwise the two
    differ only in their options: scikit-learn refuses more than two
    dimensions and returns the columns' MSEs with
    ``multioutput="raw_values"``; ``reduction="none"`` here returns the
    squared errors element by element.

    Args:
        y_true: targets.
        y_pred: predictions, same shape.
        sample_weight: optional non-negative weight per sample (first axis).
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the per-element losses for ``"none"``.

    >>> mse([100.0], [120.0]), mse([100.0], [150.0])
    (400.0, 2500.0)
    >>> mse([[0.0, 0.0], [0.0, 0.0]], [[1.0, 2.0], [3.0, 4.0]])  # (1+4+9+16)/4
    7.5
    """
    return reduce(_residual(y_true, y_pred) ** 2, reduction, sample_weight)


def rmse(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    multioutput: Literal["uniform_average", "raw_values"]
    | ArrayLike = "uniform_average",
) -> float | FloatArray:
    r"""Root mean squared error, in the units of ``y``, as scikit-learn's
    ``root_mean_squared_error``.

    For each output (column) :math:`j` of 2-D input,

    .. math:: \mathrm{RMSE}_j = \sqrt{\frac{\sum_i w_i\,(\hat y_{ij} - y_{ij})^2}{\sum_i w_i}}

    and the result is their mean (``"uniform_average"``), their weighted mean
    with the given output weights, or the array of them (``"raw_values"``).
    1-D input is one output (``"raw_values"`` gives an array of one value).
    So for 2-D input RMSE is not the root of :func:`mse`, the mean over all
    elements: the mean of the roots is not the root of the mean.

    Deliberate differences from scikit-learn: negative sample or output
    weights raise ``ValueError`` (scikit-learn averages with them), and so
    do output weights that sum to zero or have the wrong length
    (scikit-learn fails there with ``ZeroDivisionError`` or ``TypeError``).

    Args:
        y_true: targets, shape ``(n,)`` or ``(n, n_outputs)``.
        y_pred: predictions, same shape.
        sample_weight: optional non-negative weight per sample (first axis).
        multioutput: ``"uniform_average"``, ``"raw_values"``, or one
            non-negative weight per output.

    Returns:
        A float, or for ``"raw_values"`` an array of one RMSE per output.

    >>> rmse([0.0, 0.0], [3.0, -3.0])
    3.0
    >>> y_true, y_pred = [[0.0, 0.0], [0.0, 0.0]], [[3.0, 1.0], [-3.0, 1.0]]
    >>> rmse(y_true, y_pred, multioutput="raw_values")
    array([3., 1.])
    >>> rmse(y_true, y_pred)  # (3 + 1) / 2
    2.0
    """
    residual = _residual(y_true, y_pred, ndim=(1, 2))
    squares = residual.reshape(residual.shape[0], -1) ** 2  # (n, n_outputs)
    w = check_sample_weight(sample_weight, squares.shape[0])
    output_weights = _output_weights(multioutput, squares.shape[1])
    per_output = np.sqrt(
        np.average(
            squares,
            axis=0,
            weights=None if w is None else w.astype(squares.dtype),
        )
    )
    if isinstance(output_weights, str):
        return per_output
    return float(np.average(per_output, weights=output_weights))


def _output_weights(
    multioutput: ArrayLike, n_outputs: int
) -> Literal["raw_values"] | FloatArray | None:
    """``"raw_values"``, one non-negative weight per output, or None (the
    uniform average)."""
    if isinstance(multioutput, str):
        if multioutput not in MULTIOUTPUT:
            raise ValueError(
                f"multioutput must be one of {MULTIOUTPUT} or one weight per "
                f"output, got {multioutput!r}"
            )
        return "raw_values" if multioutput == "raw_values" else None
    return check_weights(
        multioutput,
        "multioutput",
        length=n_outputs,
        what="outputs",
        nonzero_sum=True,
    )


def mae(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "mean",
) -> float | FloatArray:
    r"""Mean absolute error, :math:`\frac{1}{n}\sum_i |\hat y_i - y_i|`.

    Same values as PyTorch's ``F.l1_loss``: the mean is over all elements.
    For 1-D and 2-D input this is also scikit-learn's
    ``mean_absolute_error`` with its default
    ``multioutput="uniform_average"`` (the mean of the columns' weighted
    means is the weighted mean over all elements).

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


def huber(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = 1.0,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "mean",
) -> float | FloatArray:
    r"""Huber loss: squared near zero, linear beyond :math:`\delta` (Huber, 1964).

    .. math:: \ell(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\
              \delta\,(|r| - \tfrac12\delta) & |r| > \delta \end{cases}

    with :math:`r = \hat y - y` and :math:`\delta > 0`.  Same values as
    PyTorch's ``F.huber_loss`` (the mean over all elements).

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


def mse_gradient(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
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


def mae_gradient(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
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


def huber_gradient(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = 1.0,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
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
