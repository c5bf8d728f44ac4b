"""Calibration: the Brier score, reliability curves and the expected calibration error."""

import numpy as np

from ._reduction import reduce
from ._validation import (
    as_float_array,
    check_distribution,
    check_hard_labels,
    check_in_unit_interval,
    check_same_shape,
    check_scalar,
    target_rows,
)


def _binary_inputs(y_true, y_prob):
    """Validated 1-D hard labels and probabilities of the positive class."""
    y = check_hard_labels(as_float_array(y_true, "y_true", ndim=1), "y_true")
    p = check_in_unit_interval(
        as_float_array(y_prob, "y_prob", ndim=1), "y_prob"
    )
    check_same_shape(y, p, "y_true", "y_prob")
    return y, p


def brier_score(y_true, y_prob, *, sample_weight=None):
    r"""Brier score (Brier, 1950): the mean squared error of probabilities.

    For binary input (``y_prob`` of shape ``(n,)``, the probability of class
    1) it is :math:`\frac{1}{n}\sum_i (p_i - y_i)^2`, as scikit-learn's
    ``brier_score_loss``.  For ``y_prob`` of shape ``(n, k)`` it is Brier's
    original multiclass score :math:`\frac{1}{n}\sum_i \sum_k (p_{ik} - t_{ik})^2`
    with :math:`t_i` the one-hot row of label :math:`y_i`.

    Args:
        y_true: 0/1 labels for binary input; integer labels or one-hot rows
            for ``(n, k)`` probabilities.
        y_prob: probabilities, shape ``(n,)`` or ``(n, k)``.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The (weighted) mean, a float.

    >>> round(brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 4)
    0.0375
    """
    p = np.asarray(y_prob)
    if p.ndim == 2:
        p = check_distribution(as_float_array(p, "y_prob", ndim=2), "y_prob")
        t, _ = target_rows(y_true, p.shape)
        return reduce(np.sum((p - t) ** 2, axis=1), "mean", sample_weight)
    y, p = _binary_inputs(y_true, y_prob)
    return reduce((p - y) ** 2, "mean", sample_weight)


def _bins(y_prob, n_bins):
    """Index of each probability's bin among ``n_bins`` equal-width bins of [0, 1],
    the same bins as scikit-learn's ``calibration_curve(strategy="uniform")``."""
    n_bins = check_scalar(n_bins, "n_bins", low=1, high=np.inf)
    if n_bins != int(n_bins):
        raise ValueError(f"n_bins must be an integer, got {n_bins:g}")
    n_bins = int(n_bins)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    return np.searchsorted(edges[1:-1], y_prob), n_bins


def calibration_curve(y_true, y_prob, *, n_bins=10):
    r"""Reliability diagram data: observed frequency against mean prediction per bin.

    [0, 1] is cut into ``n_bins`` equal-width bins; for each non-empty bin
    :math:`B` the result holds :math:`\frac{1}{|B|}\sum_{i \in B} y_i` and
    :math:`\frac{1}{|B|}\sum_{i \in B} p_i`.  Same values as scikit-learn's
    ``calibration_curve`` with ``strategy="uniform"``.

    Args:
        y_true: 0/1 labels, shape ``(n,)``.
        y_prob: predicted probabilities of class 1, shape ``(n,)``.
        n_bins: number of bins, at least 1.

    Returns:
        ``(prob_true, prob_pred)``, two arrays with one entry per non-empty bin.

    >>> calibration_curve([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], n_bins=2)
    (array([0., 1.]), array([0.15, 0.8 ]))
    """
    y, p = _binary_inputs(y_true, y_prob)
    bins, n_bins = _bins(p, n_bins)
    total = np.bincount(bins, minlength=n_bins)
    nonzero = total > 0
    prob_true = (
        np.bincount(bins, weights=y, minlength=n_bins)[nonzero]
        / total[nonzero]
    )
    prob_pred = (
        np.bincount(bins, weights=p, minlength=n_bins)[nonzero]
        / total[nonzero]
    )
    return prob_true, prob_pred


def expected_calibration_error(y_true, y_prob, *, n_bins=10):
    r"""Expected calibration error over ``n_bins`` equal-width bins (Guo et al., 2017).

    .. math:: \mathrm{ECE} = \sum_{b} \frac{|B_b|}{n} \left| \bar y_b - \bar p_b \right|

    For binary input (``y_prob`` of shape ``(n,)``) :math:`\bar y_b` and
    :math:`\bar p_b` are the two values :func:`lossbook.calibration_curve` returns for
    bin :math:`b`.  For ``y_prob`` of shape ``(n, k)`` each sample contributes
    its confidence :math:`\max_k p_{ik}` and whether its argmax is its label,
    as in Guo et al.

    Args:
        y_true: 0/1 labels for binary input, integer labels for ``(n, k)``.
        y_prob: probabilities, shape ``(n,)`` or ``(n, k)``.
        n_bins: number of bins, at least 1.

    Returns:
        The ECE, a float in [0, 1].

    >>> round(expected_calibration_error([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], n_bins=2), 4)
    0.175
    """
    p = np.asarray(y_prob)
    if p.ndim == 2:
        p = check_distribution(as_float_array(p, "y_prob", ndim=2), "y_prob")
        _, labels = target_rows(y_true, p.shape)
        if labels is None:
            raise ValueError(
                "y_true must hold integer class labels for (n, k) probabilities"
            )
        y, p = (p.argmax(axis=1) == labels).astype(float), p.max(axis=1)
    else:
        y, p = _binary_inputs(y_true, y_prob)
    bins, n_bins = _bins(p, n_bins)
    gap = np.bincount(bins, weights=y - p, minlength=n_bins)
    return float(np.sum(np.abs(gap)) / p.shape[0])
