"""``log_loss``: the evaluation metric, with scikit-learn's exact semantics."""

from __future__ import annotations

import numpy as np

from ._reduction import reduce
from ._typing import ArrayLike
from ._validation import (
    as_float_array,
    check_distribution,
    check_in_unit_interval,
    class_targets,
)


def log_loss(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    *,
    normalize: bool = True,
    sample_weight: ArrayLike | None = None,
    labels: ArrayLike | None = None,
) -> float:
    r"""Log loss of predicted class probabilities, as ``sklearn.metrics.log_loss``.

    .. math:: L = -\frac{1}{\sum_i w_i} \sum_i w_i \sum_k t_{ik} \log \hat p_{ik},
        \qquad \hat p \text{ clipped to } [\epsilon, 1 - \epsilon]

    where :math:`t_i` is the 0/1 indicator row of sample :math:`i`'s label
    (so the inner sum is :math:`\log \hat p_{i, y_i}`) and :math:`\epsilon`
    the machine epsilon of ``y_prob``'s dtype, so a probability of 0 for the
    true class gives a large but finite loss
    (:math:`-\log \epsilon \approx 36.04` in float64).

    Args:
        y_true: class labels of any sortable type (numbers, strings), shape
            ``(n,)``; or an ``(n, k)`` 0/1 label-indicator matrix, one column
            per class (see *Multi-label targets*).
        y_prob: predicted probabilities (scikit-learn's ``y_proba``, formerly
            ``y_pred``): shape ``(n,)`` or ``(n, 1)`` for the probability of
            the greater of two labels, or ``(n, k)`` with one column per label
            in sorted order, rows summing to 1.
        normalize: mean (True) or sum (False) of the per-sample losses.
        sample_weight: optional non-negative weight per sample.
        labels: all class labels, needed when ``y_true`` shows fewer than
            the columns of ``y_prob``.  The columns are always the *sorted*
            labels: unsorted ``labels`` give a ``UserWarning`` (as in
            scikit-learn) saying so, and do not reorder the columns.

    Returns:
        The (weighted) mean or sum, a float.

    Multi-label targets: like scikit-learn, ``y_true`` may be an indicator
    matrix with several 1s per row; the loss is then
    :math:`-\sum_k t_{ik} \log \hat p_{ik}`, the log probabilities of all of
    a sample's labels under one distribution over the classes.  This is not
    the per-label binary log loss of multi-label classification (one sigmoid
    per class, rows not summing to 1): for that use
    :func:`lossbook.binary_cross_entropy` on the ``(n, k)`` arrays (its mean
    is over samples and labels; ``reduction="sum"`` divided by ``n`` sums
    over the labels).

    Deliberate differences from scikit-learn: rows of ``y_prob`` that do not
    sum to 1 raise ``ValueError`` (scikit-learn warns and carries on), as do
    NaN, empty input, repeated ``labels`` and a column vector ``y_true`` of
    shape ``(n, 1)`` (scikit-learn reads it as 1-D labels).

    >>> round(log_loss([1, 1, 0], [0.9, 0.6, 0.2]), 3)
    0.28
    >>> round(log_loss(["spam", "ham", "ham", "spam"],
    ...                [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), 5)
    0.21616
    """
    prob = check_in_unit_interval(
        as_float_array(y_prob, "y_prob", ndim=(1, 2)), "y_prob"
    )
    if prob.ndim == 2 and prob.shape[1] > 1:
        check_distribution(prob, "y_prob", axis=1)
    else:  # the probability of the greater of two labels
        prob = prob.reshape(-1)
    n_classes = 2 if prob.ndim == 1 else prob.shape[1]
    targets = class_targets(
        y_true, labels, (prob.shape[0], n_classes), "y_prob"
    )
    eps = np.finfo(prob.dtype).eps
    if targets.ndim == 2:  # an indicator matrix: every label of a row counts
        if prob.ndim == 1:
            prob = np.stack([1 - prob, prob], axis=1)
        log_p = np.log(np.clip(prob, eps, 1 - eps))
        losses = -np.sum(targets * log_p, axis=1)
    else:  # one label per sample: the probability of its column
        p_true = (
            np.where(targets == 1, prob, 1 - prob)
            if prob.ndim == 1
            else prob[np.arange(prob.shape[0]), targets]
        )
        losses = -np.log(np.clip(p_true, eps, 1 - eps))
    return float(reduce(losses, "mean" if normalize else "sum", sample_weight))
