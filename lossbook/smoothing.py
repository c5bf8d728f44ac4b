"""Label smoothing (Szegedy et al., 2016): soften hard targets towards uniform."""

from __future__ import annotations

import numpy as np

from ._typing import ArrayLike, FloatArray
from ._validation import (
    as_float_array,
    check_class_labels,
    check_in_unit_interval,
    check_integer,
    check_scalar,
)


def smooth_labels(
    y: ArrayLike, label_smoothing: float, *, n_classes: int | None = None
) -> FloatArray:
    r"""Smoothed targets :math:`(1 - \varepsilon)\, y + \varepsilon / K`.

    * a 1-D vector of binary targets (``n_classes`` None) is one probability
      per sample, so :math:`K = 2`: 1 becomes :math:`1 - \varepsilon/2` and 0
      becomes :math:`\varepsilon/2`;
    * rows of shape ``(n, K)`` (one-hot or probabilities) use their width K;
    * integer labels with ``n_classes=K`` become smoothed one-hot rows.

    The same targets as the ``label_smoothing`` option of
    :func:`lossbook.binary_cross_entropy_with_logits` (K = 2) and
    :func:`lossbook.softmax_cross_entropy_with_logits` (PyTorch's
    ``label_smoothing``).  optax's ``smooth_labels(labels, alpha)`` computes
    the same for rows ``(n, K)``; it calls the strength ``alpha``, which in
    lossbook is the class weight of :func:`lossbook.sigmoid_focal_loss`.
    Deliberate difference: optax reads a 1-D vector as one row of
    K = its length classes; lossbook reads it as binary targets (K = 2), as
    the binary losses do (pass a single row as shape ``(1, K)``).

    Args:
        y: binary targets ``(n,)``, target rows ``(n, K)``, or integer labels.
        label_smoothing: smoothing strength :math:`\varepsilon \in [0, 1]`.
        n_classes: K, when ``y`` holds integer class labels.

    Returns:
        The smoothed targets, a new float array.

    >>> smooth_labels([1.0, 0.0], 0.2)
    array([0.9, 0.1])
    >>> smooth_labels([2, 0], 0.3, n_classes=3)
    array([[0.1, 0.1, 0.8],
           [0.8, 0.1, 0.1]])
    """
    eps = check_scalar(label_smoothing, "label_smoothing", low=0, high=1)
    if n_classes is not None:
        k = check_integer(n_classes, "n_classes", low=1)
        targets: FloatArray = np.eye(k)[check_class_labels(y, "y", k)]
    else:
        targets = check_in_unit_interval(as_float_array(y, "y"), "y")
        k = 2 if targets.ndim <= 1 else targets.shape[-1]
    return (1 - eps) * targets + eps / k
