"""``log_loss``: the evaluation metric, with scikit-learn's exact semantics."""

import numpy as np

from ._validation import as_float_array, check_in_unit_interval, reduce


def log_loss(y_true, y_proba, *, normalize=True, sample_weight=None, labels=None):
    r"""Log loss of predicted class probabilities, as ``sklearn.metrics.log_loss``.

    .. math:: L = -\frac{1}{\sum_i w_i} \sum_i w_i \log \hat p_{i, y_i},
        \qquad \hat p \text{ clipped to } [\epsilon, 1 - \epsilon]

    where :math:`\epsilon` is the machine epsilon of ``y_proba``'s dtype, so a
    probability of 0 for the true class gives a large but finite loss.

    Args:
        y_true: class labels of any sortable type (numbers, strings).
        y_proba: shape ``(n,)`` for the probability of the greater of two
            labels, or ``(n, k)`` with one column per label in sorted order.
        normalize: mean (True) or sum (False) of the per-sample losses.
        sample_weight: optional non-negative weight per sample.
        labels: all class labels, needed when ``y_true`` shows fewer than
            the columns of ``y_proba``.

    Unlike scikit-learn, which warns and carries on, rows that do not sum to
    one raise ``ValueError``.

    >>> round(log_loss([1, 1, 0], [0.9, 0.6, 0.2]), 3)
    0.28
    >>> round(log_loss(["spam", "ham", "ham", "spam"],
    ...                [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), 5)
    0.21616
    """
    proba = _proba_matrix(y_proba)
    classes, index = _encode(y_true, labels, proba.shape[0])
    if proba.shape[1] != classes.size:
        raise ValueError(
            f"y_proba has {proba.shape[1]} columns but there are {classes.size} "
            f"classes {classes.tolist()}; pass all class labels through labels="
        )
    eps = np.finfo(proba.dtype).eps
    p_true = np.clip(proba[np.arange(proba.shape[0]), index], eps, 1 - eps)
    return reduce(-np.log(p_true), "mean" if normalize else "sum", sample_weight)


def _proba_matrix(y_proba):
    """``y_proba`` as an (n, k) matrix of rows that are distributions."""
    proba = check_in_unit_interval(as_float_array(y_proba, "y_proba", ndim=(1, 2)), "y_proba")
    if proba.ndim == 1 or proba.shape[1] == 1:
        p = proba.reshape(-1)
        return np.stack([1 - p, p], axis=1)
    sums = proba.sum(axis=1)
    tol = np.sqrt(np.finfo(proba.dtype).eps)
    if not np.allclose(sums, 1, rtol=tol, atol=0):
        row = int(np.argmax(np.abs(sums - 1)))
        raise ValueError(f"y_proba rows must sum to 1; row {row} sums to {sums[row]:g}")
    return proba


def _encode(y_true, labels, n_samples):
    """Sorted classes and each sample's index into them."""
    y = np.asarray(y_true)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"y_true must be a non-empty 1-D array of labels, got shape {y.shape}")
    if y.shape[0] != n_samples:
        raise ValueError(
            f"y_true and y_proba have inconsistent numbers of samples: {y.shape[0]} and {n_samples}"
        )
    if y.dtype.kind == "f" and np.isnan(y).any():
        raise ValueError("y_true contains NaN")
    classes = np.unique(y if labels is None else np.asarray(labels))
    if classes.size < 2:
        raise ValueError(
            f"y_true contains only one label ({classes[0]!r}); pass all class labels "
            "through labels="
        )
    try:
        index = np.searchsorted(classes, y).clip(0, classes.size - 1)
        unknown = classes[index] != y
    except (TypeError, np.exceptions.DTypePromotionError):
        unknown = np.ones(y.shape, dtype=bool)
    if unknown.any():
        raise ValueError(f"y_true contains labels not in labels: {y[unknown][:5].tolist()}")
    return classes, index
