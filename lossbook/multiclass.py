"""Multiclass cross-entropy: from probabilities and, better, from logits."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._reduction import reduce, weight_samples
from ._typing import ArrayLike, FloatArray, Reduction
from ._validation import (
    as_float_array,
    check_distribution,
    check_integer,
    check_not_all_minus_inf,
    check_scalar,
    check_weights,
    target_rows,
)
from .activations import log_softmax, softmax


def categorical_cross_entropy(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "mean",
) -> float | FloatArray:
    r"""Multiclass cross-entropy from probabilities.

    .. math:: \ell_i = -\sum_{k} t_{ik} \log p_{ik}

    where :math:`t_i` is the one-hot row of label :math:`y_i` (or a given
    probability row).  As in :func:`lossbook.binary_cross_entropy`, each logarithm is
    clamped at -100, so a zero probability for the true class gives 100, not
    infinity; with two classes the two functions agree.

    Deliberate differences from the peers:

    - Rows of ``y_prob`` that do not sum to 1 raise ``ValueError``.
      scikit-learn's ``log_loss`` warns (``UserWarning``) and uses the rows
      as given (before version 1.5 it renormalised them).
    - The clamp at -100 is PyTorch's (``F.binary_cross_entropy``; PyTorch
      has no multiclass loss from probabilities, and ``F.nll_loss`` of
      ``log(p)`` is infinite at p = 0).  scikit-learn instead clips p to
      :math:`[\epsilon, 1 - \epsilon]` (:math:`-\log \epsilon \approx 36.04`
      in float64): :func:`lossbook.log_loss` has its semantics.

    Args:
        y_true: integer labels 0..k-1 of shape ``(n,)``, or target rows of
            shape ``(n, k)`` (one-hot or probabilities summing to 1).
        y_prob: predicted probabilities, shape ``(n, k)``, rows summing to 1.
        sample_weight: optional non-negative weight per sample.
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the ``(n,)`` per-sample losses (in
        ``y_prob``'s dtype for integer labels).

    >>> y_prob = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]
    >>> round(categorical_cross_entropy([0, 2], y_prob), 4)
    0.2899
    >>> round(categorical_cross_entropy([[0.5, 0.5]], [[0.5, 0.5]]), 4)
    0.6931
    """
    p = check_distribution(as_float_array(y_prob, "y_prob", ndim=2), "y_prob")
    t, labels = target_rows(y_true, p.shape)
    if labels is not None:  # one-hot rows: the predictions' dtype
        t = t.astype(p.dtype)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100)
    losses = np.sum(-t * log_p, axis=-1)
    return reduce(losses, reduction, sample_weight)


def _kept_labels(
    y_true: ArrayLike, ignore_index: int | None
) -> tuple[np.ndarray, npt.NDArray[np.bool_]]:
    """``y_true`` with the labels equal to ``ignore_index`` replaced by class
    0, and which samples are kept (all of them without ``ignore_index``)."""
    y = np.asarray(y_true)
    if ignore_index is None:
        return y, np.ones(y.shape[:1], dtype=bool)
    index = check_integer(ignore_index, "ignore_index", low=-np.inf)
    if y.ndim != 1:
        raise ValueError(
            "ignore_index applies to integer labels only, "
            f"but y_true has shape {y.shape}"
        )
    kept = y != index
    return (y if kept.all() else np.where(kept, y, 0)), kept


def _cross_entropy_terms(
    y_true: ArrayLike,
    logits: ArrayLike,
    class_weight: ArrayLike | None,
    label_smoothing: float,
    ignore_index: int | None,
) -> tuple[FloatArray, FloatArray, FloatArray | None, npt.NDArray[np.bool_]]:
    r"""What the loss and its gradient share, as in PyTorch: the logits (an
    ignored sample's are not looked at: zeros stand in), the coefficients
    :math:`c_{ik}` with :math:`\ell_i = -\sum_k c_{ik} \log p_{ik}` (zero for
    an ignored sample), each sample's share of the mean's denominator (None:
    one each), and which samples are kept."""
    z = as_float_array(logits, "logits", ndim=2, allow_minus_inf=True)
    k = z.shape[1]
    w = (
        np.ones(k)
        if class_weight is None
        else check_weights(
            class_weight, "class_weight", length=k, what="classes"
        )
    )
    eps = check_scalar(label_smoothing, "label_smoothing", low=0, high=1)
    y, kept = _kept_labels(y_true, ignore_index)
    t, labels = target_rows(y, z.shape)
    if labels is None:  # probability targets: smooth, weight, divide by n
        coef = w * ((1 - eps) * t + eps / k)
        normalizer = None
        dtype = np.result_type(z, t)
    else:
        coef = (1 - eps) * w[labels][:, None] * t + (eps / k) * w
        coef = coef * kept[:, None]
        normalizer = w[labels] * kept
        z = np.where(kept[:, None], z, 0)
        dtype = z.dtype
    check_not_all_minus_inf(z, "logits")
    return z, coef.astype(dtype), normalizer, kept


def softmax_cross_entropy_with_logits(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    class_weight: ArrayLike | None = None,
    label_smoothing: float = 0.0,
    ignore_index: int | None = None,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "mean",
) -> float | FloatArray:
    r"""Multiclass cross-entropy from logits, as PyTorch's ``F.cross_entropy``.

    .. math:: \ell_i = -\sum_k c_{ik} \log \mathrm{softmax}(z_i)_k

    For an integer label :math:`y_i`, class weights :math:`w` and label
    smoothing :math:`\varepsilon` over :math:`K` classes,
    :math:`c_{ik} = (1-\varepsilon)\, w_{y_i} [k = y_i] + \frac{\varepsilon}{K} w_k`
    and the mean is :math:`\sum_i \ell_i / \sum_i w_{y_i}`.  A sample whose
    label equals ``ignore_index`` has :math:`c_{ik} = 0` (loss 0, smoothing
    term included) and is left out of the mean's denominator, as in PyTorch.
    For probability targets :math:`t_i`, :math:`c_{ik} = w_k \left((1-\varepsilon) t_{ik} +
    \frac{\varepsilon}{K}\right)` and the mean divides by :math:`n`.  This is
    PyTorch's convention in both cases.  ``sample_weight`` :math:`s_i`
    multiplies :math:`\ell_i` and its share of the denominator.  The log-softmax
    is shifted by the row maximum, so logits of :math:`\pm 10^4` are exact.

    A logit of :math:`-\infty` masks its class out (probability 0), as in
    PyTorch: the loss is finite when every class with :math:`c_{ik} > 0` has
    a finite logit, and :math:`+\infty` otherwise (the target's own logit
    masked, or label smoothing, which puts :math:`\varepsilon w_k / K` on every
    class).  Deliberate differences from PyTorch:

    - ``ignore_index`` defaults to None (no label is ignored, and a negative
      label is an error); PyTorch's default is -100.  It applies to integer
      labels only, as in PyTorch.
    - A masked class with :math:`c_{ik} = 0` adds 0 (:math:`0 \log 0 = 0`).
      PyTorch computes :math:`0 \cdot (-\infty)` = NaN there with
      probability targets, and with label smoothing when :math:`w_k = 0`.
    - A kept sample whose logits are all :math:`-\infty` raises
      ``ValueError`` (PyTorch: NaN); so does the mean when every label is
      ignored (PyTorch: NaN).  An ignored sample's logits are not looked at.

    Args:
        y_true: integer labels 0..k-1 of shape ``(n,)``, or target rows of
            shape ``(n, k)`` (one-hot or probabilities summing to 1).
        logits: real-valued scores, shape ``(n, k)``; :math:`-\infty` masks a
            class out.
        class_weight: optional non-negative weight per class, shape ``(k,)``.
        label_smoothing: :math:`\varepsilon \in [0, 1]`.
        ignore_index: a label whose samples are left out (loss 0, not
            counted by the mean), e.g. -100 as in PyTorch; None for none.
        sample_weight: optional non-negative weight per sample.
        reduction: ``"mean"`` (weighted mean), ``"sum"`` or ``"none"``.

    Returns:
        The reduced loss as a float, or the ``(n,)`` per-sample losses.

    >>> round(softmax_cross_entropy_with_logits([0], [[2.0, 1.0, 0.1]]), 4)
    0.417
    >>> softmax_cross_entropy_with_logits([1], [[1e4, -1e4]])
    20000.0
    >>> z = [[0.0, 0.0, -np.inf], [5.0, 1.0, 2.0]]  # class 2 masked out in row 0
    >>> y = [0, -100]  # row 1 ignored
    >>> round(softmax_cross_entropy_with_logits(y, z, ignore_index=-100), 4)
    0.6931
    """
    z, coef, normalizer, kept = _cross_entropy_terms(
        y_true, logits, class_weight, label_smoothing, ignore_index
    )
    if reduction == "mean" and not kept.any():
        raise ValueError(
            f"every label in y_true equals ignore_index ({ignore_index}), "
            "so the mean is over no sample"
        )
    log_p = np.where(coef > 0, log_softmax(z), 0)  # 0 log 0 = 0
    losses = 0.0 - np.sum(coef * log_p, axis=-1)  # 0.0 - s: never -0.0
    return reduce(losses, reduction, sample_weight, normalizer=normalizer)


def softmax_cross_entropy_with_logits_gradient(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    class_weight: ArrayLike | None = None,
    label_smoothing: float = 0.0,
    ignore_index: int | None = None,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of :func:`lossbook.softmax_cross_entropy_with_logits` w.r.t. the logits.

    With :math:`\ell_i = -\sum_k c_{ik} \log \mathrm{softmax}(z_i)_k`,

    .. math:: \frac{\partial \ell_i}{\partial z_{ik}}
        = \Big(\sum_j c_{ij}\Big)\, \mathrm{softmax}(z_i)_k - c_{ik}

    which is softmax minus the (smoothed) target row when there are no class
    weights.  It is zero for a sample whose label equals ``ignore_index``,
    and finite at a masked logit (:math:`-c_{ik}`), as PyTorch's autograd
    gives, even where the loss is infinite.

    Args:
        y_true: integer labels ``(n,)`` or target rows ``(n, k)``.
        logits: real-valued scores, shape ``(n, k)``; :math:`-\infty` masks a
            class out.
        class_weight: optional non-negative weight per class.
        label_smoothing: :math:`\varepsilon \in [0, 1]`.
        ignore_index: a label whose samples are left out, as in the loss.
        sample_weight: optional non-negative weight per sample.

    Returns:
        The gradient, shape ``(n, k)``.

    >>> softmax_cross_entropy_with_logits_gradient([0], [[0.0, 0.0]])
    array([[-0.5,  0.5]])
    """
    z, coef, _, _ = _cross_entropy_terms(
        y_true, logits, class_weight, label_smoothing, ignore_index
    )
    grad = coef.sum(axis=1, keepdims=True) * softmax(z) - coef
    return weight_samples(grad, sample_weight)
