"""Label smoothing (Szegedy et al., 2016): soften hard targets towards uniform."""

import numpy as np

from ._validation import (
    as_float_array,
    check_class_labels,
    check_in_unit_interval,
    check_scalar,
)


def smooth_labels(y, alpha, *, num_classes=None):
    r"""Smoothed targets :math:`(1 - \alpha)\, y + \alpha / K`.

    * a 1-D vector of binary targets (``num_classes`` None) is one probability
      per sample, so :math:`K = 2`: 1 becomes :math:`1 - \alpha/2` and 0
      becomes :math:`\alpha/2`;
    * rows of shape ``(n, K)`` (one-hot or probabilities) use their width K;
    * integer labels with ``num_classes=K`` become smoothed one-hot rows.

    Args:
        y: binary targets ``(n,)``, target rows ``(n, K)``, or integer labels.
        alpha: smoothing strength :math:`\alpha \in [0, 1]`.
        num_classes: K, when ``y`` holds integer class labels.

    Returns:
        The smoothed targets, a new float array.

    >>> smooth_labels([1.0, 0.0], 0.2)
    array([0.9, 0.1])
    >>> smooth_labels([2, 0], 0.3, num_classes=3)
    array([[0.1, 0.1, 0.8],
           [0.8, 0.1, 0.1]])
    """
    alpha = check_scalar(alpha, "alpha", low=0, high=1)
    if num_classes is not None:
        k = int(check_scalar(num_classes, "num_classes", low=1, high=np.inf))
        if k != num_classes:
            raise ValueError(
                f"num_classes must be an integer, got {num_classes!r}"
            )
        y = np.eye(k)[check_class_labels(y, "y", k)]
    else:
        y = check_in_unit_interval(as_float_array(y, "y"), "y")
        k = 2 if y.ndim <= 1 else y.shape[-1]
    return (1 - alpha) * y + alpha / k
