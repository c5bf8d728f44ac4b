"""``log_loss``: the evaluation metric, with scikit-learn's exact semantics."""

import numpy as np

from ._reduction import reduce
from ._validation import (
    as_float_array,
    check_distribution,
    check_in_unit_interval,
)


def log_loss(
    y_true, y_proba, *, normalize=True, sample_weight=None, labels=None
):
    r"""Log loss of predicted class probabilities, as ``sklearn.metrics.log_loss``.

    .. math:: L = -\frac{1}{\sum_i w_i} \sum_i w_i \log \hat p_{i, y_i},
        \qquad \hat p \text{ clipped to } [\epsilon, 1 - \epsilon]

    where :math:`\epsilon` is the machine epsilon of ``y_proba``'s dtype, so a
    probability of 0 for the true class gives a large but finite loss
    (:math:`-\log \epsilon \approx 36.04` in float64).

    Args:
        y_true: class labels of any sortable type (numbers, strings), shape ``(n,)``.
        y_proba: shape ``(n,)`` for the probability of the greater of two
            labels, or ``(n, k)`` with one column per label in sorted order.
        normalize: mean (True) or sum (False) of the per-sample losses.
        sample_weight: optional non-negative weight per sample.
        labels: all class labels, needed when ``y_true`` shows fewer than
            the columns of ``y_proba``.

    Returns:
        The (weighted) mean or sum, a float.

    Unlike scikit-learn, which warns and carries on, rows that do not sum to
    one raise ``ValueError``, as do NaN and empty input.

    >>> round(log_loss([1, 1, 0], [0.9, 0.6, 0.2]), 3)
    0.28
    >>> round(log_loss(["spam", "ham", "ham", "spam"],
    ...                [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), 5)
    0.21616
    """
    proba = check_in_unit_interval(
        as_float_array(y_proba, "y_proba", ndim=(1, 2)), "y_proba"
    )
    classes, index = _encode(y_true, labels, proba.shape[0])
    one_column = (
        proba.ndim == 1 or proba.shape[1] == 1
    )  # the probability of the greater label
    n_columns = 2 if one_column else proba.shape[1]
    if n_columns != classes.size:
        raise ValueError(
            f"y_proba has {n_columns} columns but there are {classes.size} classes "
            f"{classes.tolist()}; pass all class labels through labels="
        )
    if one_column:
        p = proba.reshape(-1)
        p_true = np.where(index == 1, p, 1 - p)
    else:
        check_distribution(proba, "y_proba", axis=1)
        p_true = proba[np.arange(proba.shape[0]), index]
    eps = np.finfo(proba.dtype).eps
    losses = -np.log(np.clip(p_true, eps, 1 - eps))
    return reduce(losses, "mean" if normalize else "sum", sample_weight)


def _encode(y_true, labels, n_samples):
    """Sorted classes and each sample's index into them."""
    y = np.asarray(y_true)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(
            f"y_true must be a non-empty 1-D array of labels, got shape {y.shape}"
        )
    if y.shape[0] != n_samples:
        raise ValueError(
            "y_true and y_proba have inconsistent numbers of samples: "
            f"{y.shape[0]} and {n_samples}"
        )
    if y.dtype.kind == "f" and np.isnan(y).any():
        raise ValueError("y_true contains NaN")
    given = None if labels is None else np.unique(np.asarray(labels))
    integers = y.dtype.kind in "bi" or (
        y.dtype.kind == "u" and y.dtype.itemsize < 8
    )
    if integers and (given is None or given.dtype.kind in "biu"):
        lo, hi = int(y.min()), int(y.max())
        if hi - lo <= max(
            y.size, 1024
        ):  # a lookup table no longer than the data
            return _check_classes(
                *_encode_integers(y, lo, hi, given), y, labels
            )
    return _check_classes(*_encode_sorted(y, given), y, labels)


def _check_classes(classes, index, y, labels):
    """Raise for fewer than two classes or labels outside ``labels``."""
    if classes.size < 2:
        raise ValueError(
            f"{'y_true' if labels is None else 'labels'} contains only one label "
            f"({classes[0].tolist()!r}); pass all class labels through labels="
        )
    unknown = index < 0
    if unknown.any():
        raise ValueError(
            f"y_true contains labels not in labels: {y[unknown][:5].tolist()}"
        )
    return classes, index


def _encode_integers(y, lo, hi, classes):
    """O(n) encoding of integer labels from ``lo`` to ``hi`` with a lookup table (no sorting)."""
    offset = y.astype(np.int64) - lo
    if classes is None:
        classes = lo + np.flatnonzero(np.bincount(offset))
    table = np.full(
        hi - lo + 1, -1
    )  # position in classes of each value lo..hi
    inside = (classes >= lo) & (classes <= hi)
    table[classes[inside] - lo] = np.flatnonzero(inside)
    return classes, table[offset]


def _encode_sorted(y, classes):
    """Encoding of labels of any sortable type, by binary search (-1 = unknown)."""
    if classes is None:
        classes = np.unique(y)
    try:
        index = np.searchsorted(classes, y).clip(0, classes.size - 1)
        known = classes[index] == y
    except (TypeError, np.exceptions.DTypePromotionError):
        known = np.zeros(y.shape, dtype=bool)
        index = np.zeros(y.shape, dtype=np.int64)
    return classes, np.where(known, index, -1)
