"""Reductions: how per-sample values become one number, and sample weights.

Every loss ends with :func:`reduce`; every gradient with
:func:`weight_samples`.  Weights act along the first axis (one per sample).
"""

from __future__ import annotations

import numpy as np

from ._typing import ArrayLike, FloatArray
from ._validation import check_reduction, check_sample_weight


def _weighted(values: FloatArray, w: FloatArray) -> FloatArray:
    """``values`` with each sample (first axis) multiplied by its weight; a
    sample of weight 0 contributes exactly 0, even where its value is
    infinite (no 0 * inf = NaN)."""
    w = w.reshape(values.shape[:1] + (1,) * (values.ndim - 1))
    out = np.zeros(
        np.broadcast_shapes(values.shape, w.shape), np.result_type(values, w)
    )
    return np.multiply(values, w, out=out, where=w > 0)


def weight_samples(
    values: FloatArray, sample_weight: ArrayLike | None = None
) -> FloatArray:
    """``values`` with each sample (first axis) multiplied by its weight.

    >>> weight_samples(np.array([[1.0, 2.0], [3.0, 4.0]]), [1.0, 0.5])
    array([[1. , 2. ],
           [1.5, 2. ]])
    """
    n_samples = values.shape[0] if values.ndim else 1
    w = check_sample_weight(sample_weight, n_samples)
    return values if w is None else _weighted(values, w)


def reduce(
    losses: FloatArray,
    reduction: str,
    sample_weight: ArrayLike | None = None,
    *,
    normalizer: FloatArray | None = None,
) -> float | FloatArray:
    """Apply a reduction to per-sample ``losses`` (first axis = samples).

    ``"mean"`` is the weighted mean sum(w * l) / sum(w), ``"sum"`` the weighted
    sum, ``"none"`` returns the weighted losses themselves.  ``normalizer``
    (one value per sample, default 1) replaces each sample's contribution to
    the denominator: sum(w * l) / sum(w * normalizer), as PyTorch's class
    weights do.

    >>> reduce(np.array([1.0, 3.0]), "mean", np.array([1.0, 3.0]))
    2.5
    >>> reduce(np.array([1.0, np.inf]), "mean", np.array([1.0, 0.0]))
    1.0
    """
    check_reduction(reduction)
    n_samples = losses.shape[0] if losses.ndim else 1
    w = check_sample_weight(sample_weight, n_samples)
    if w is not None:
        losses = _weighted(losses, w)
    if reduction == "none":
        return losses
    total = float(losses.sum())
    if reduction == "sum":
        return total
    per_sample = losses.size // n_samples
    if normalizer is None:
        count = losses.size if w is None else w.sum() * per_sample
    else:
        count = (
            normalizer.sum() if w is None else (w * normalizer).sum()
        ) * per_sample
        if count == 0:
            raise ValueError("the weights of the samples' classes sum to zero")
    return total / float(count)
