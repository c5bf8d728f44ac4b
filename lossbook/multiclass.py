"""Multiclass cross-entropy: from probabilities and, better, from logits."""

import numpy as np

from ._reduction import reduce, weight_samples
from ._validation import (
    as_float_array,
    check_distribution,
    check_scalar,
    check_weights,
    target_rows,
)
from .activations import log_softmax, softmax


def categorical_cross_entropy(
    y_true, y_prob, *, sample_weight=None, reduction="mean"
):
    r"""Multiclass cross-entropy from probabilities.

    .. math:: \ell_i = -\sum_{k} t_{ik} \log p_{ik}

    where :math:`t_i` is the one-hot row of label :math:`y_i` (or a given
    probability row).  As in :func:`lossbook.binary_cross_entropy`, each logarithm is
    clamped at -100, so a zero probability for the true class gives 100, not
    infinity; with two classes the two functions agree.

    Args:
        y_true: integer labels 0..k-1 of shape ``(n,)``, or target rows of
            shape ``(n, k)`` (one-hot or probabilities summing to 1).
        y_prob: predicted probabilities, shape ``(n, k)``, rows summing to 1.
        sample_weight: optional non-negative weight per sample.
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the ``(n,)`` per-sample losses.

    >>> round(categorical_cross_entropy([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]), 4)
    0.2899
    >>> round(categorical_cross_entropy([[0.5, 0.5]], [[0.5, 0.5]]), 4)
    0.6931
    """
    p = check_distribution(as_float_array(y_prob, "y_prob", ndim=2), "y_prob")
    t, _ = target_rows(y_true, p.shape)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100)
    losses = np.sum(-t * log_p, axis=-1)
    return reduce(losses, reduction, sample_weight)


def _cross_entropy_coefficients(y_true, shape, class_weight, label_smoothing):
    r"""Coefficients :math:`c_{ik}` with :math:`\ell_i = -\sum_k c_{ik} \log p_{ik}`,
    and each sample's share of the mean's denominator, as in PyTorch."""
    k = shape[1]
    w = (
        np.ones(k)
        if class_weight is None
        else check_weights(
            class_weight, "class_weight", length=k, what="classes"
        )
    )
    eps = check_scalar(label_smoothing, "label_smoothing", low=0, high=1)
    t, labels = target_rows(y_true, shape)
    if labels is None:  # probability targets: smooth, weight, divide by n
        return w * ((1 - eps) * t + eps / k), None
    coef = (1 - eps) * w[labels][:, None] * t + (eps / k) * w
    return coef, (None if class_weight is None else w[labels])


def softmax_cross_entropy_with_logits(
    y_true,
    logits,
    *,
    class_weight=None,
    label_smoothing=0.0,
    sample_weight=None,
    reduction="mean",
):
    r"""Multiclass cross-entropy from logits, as PyTorch's ``F.cross_entropy``.

    .. math:: \ell_i = -\sum_k c_{ik} \log \mathrm{softmax}(z_i)_k

    For an integer label :math:`y_i`, class weights :math:`w` and label
    smoothing :math:`\varepsilon` over :math:`K` classes,
    :math:`c_{ik} = (1-\varepsilon)\, w_{y_i} [k = y_i] + \frac{\varepsilon}{K} w_k`
    and the mean is :math:`\sum_i \ell_i / \sum_i w_{y_i}`.  For probability
    targets :math:`t_i`, :math:`c_{ik} = w_k \left((1-\varepsilon) t_{ik} +
    \frac{\varepsilon}{K}\right)` and the mean divides by :math:`n`.  This is
    PyTorch's convention in both cases.  ``sample_weight`` :math:`s_i`
    multiplies :math:`\ell_i` and its share of the denominator.  The log-softmax
    is shifted by the row maximum, so logits of :math:`\pm 10^4` are exact.

    Args:
        y_true: integer labels 0..k-1 of shape ``(n,)``, or target rows of
            shape ``(n, k)`` (one-hot or probabilities summing to 1).
        logits: real-valued scores, shape ``(n, k)``.
        class_weight: optional non-negative weight per class, shape ``(k,)``.
        label_smoothing: :math:`\varepsilon \in [0, 1]`.
        sample_weight: optional non-negative weight per sample.
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the ``(n,)`` per-sample losses.

    >>> round(softmax_cross_entropy_with_logits([0], [[2.0, 1.0, 0.1]]), 4)
    0.417
    >>> softmax_cross_entropy_with_logits([1], [[1e4, -1e4]])
    20000.0
    """
    z = as_float_array(logits, "logits", ndim=2)
    coef, normalizer = _cross_entropy_coefficients(
        y_true, z.shape, class_weight, label_smoothing
    )
    losses = np.sum(-coef * log_softmax(z), axis=-1)
    return reduce(losses, reduction, sample_weight, normalizer=normalizer)


def softmax_cross_entropy_with_logits_gradient(
    y_true,
    logits,
    *,
    class_weight=None,
    label_smoothing=0.0,
    sample_weight=None,
):
    r"""Gradient of :func:`lossbook.softmax_cross_entropy_with_logits` w.r.t. the logits.

    With :math:`\ell_i = -\sum_k c_{ik} \log \mathrm{softmax}(z_i)_k`,

    .. math:: \frac{\partial \ell_i}{\partial z_{ik}}
        = \Big(\sum_j c_{ij}\Big)\, \mathrm{softmax}(z_i)_k - c_{ik}

    which is softmax minus the (smoothed) target row when there are no class
    weights.

    Args:
        y_true: integer labels ``(n,)`` or target rows ``(n, k)``.
        logits: real-valued scores, shape ``(n, k)``.
        class_weight: optional non-negative weight per class.
        label_smoothing: :math:`\varepsilon \in [0, 1]`.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, shape ``(n, k)``.

    >>> softmax_cross_entropy_with_logits_gradient([0], [[0.0, 0.0]])
    array([[-0.5,  0.5]])
    """
    z = as_float_array(logits, "logits", ndim=2)
    coef, _ = _cross_entropy_coefficients(
        y_true, z.shape, class_weight, label_smoothing
    )
    grad = coef.sum(axis=1, keepdims=True) * softmax(z) - coef
    return weight_samples(grad, sample_weight)
