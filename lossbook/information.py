r"""Entropy, cross-entropy and Kullback-Leibler divergence of distributions.

Values equal ``scipy.stats.entropy`` on normalised input, with the convention
:math:`0 \log 0 = 0`.  Input that is not a distribution along ``axis``
(entries outside [0, 1], or not summing to 1) raises rather than being
silently renormalised.  A result over a single distribution is a float.
"""

from __future__ import annotations

import numpy as np

from ._typing import ArrayLike, FloatArray
from ._validation import (
    as_float_array,
    check_distribution,
    check_same_shape,
    check_scalar,
)


def _distribution(
    p: ArrayLike, name: str, axis: int, *, log: bool = False
) -> FloatArray:
    """``p`` checked to be a distribution along ``axis``, returned as given:
    probabilities, or with ``log`` their logarithms (-inf for a zero)."""
    if not log:
        return check_distribution(as_float_array(p, name), name, axis=axis)
    log_p = as_float_array(p, name, allow_minus_inf=True)
    check_distribution(np.exp(log_p), f"exp({name})", axis=axis)
    return log_p


def _in_base_as_float(
    total: FloatArray, base: float | None
) -> float | FloatArray:
    """``total`` (in nats) converted to logarithms in ``base``; a 0-d result
    (a single distribution) becomes a Python float."""
    if base is not None:
        base = check_scalar(base, "base", low=0, high=np.inf, low_open=True)
        if base == 1:
            raise ValueError("base must not be 1")
        total = total / np.log(base)
    return float(total) if np.ndim(total) == 0 else total


def entropy(
    p: ArrayLike, *, base: float | None = None, axis: int = -1
) -> float | FloatArray:
    r"""Shannon entropy :math:`H(p) = -\sum_k p_k \log p_k`, with :math:`0 \log 0 = 0`.

    Args:
        p: probabilities summing to 1 along ``axis``.
        base: logarithm base (None for nats, 2 for bits).
        axis: the axis holding each distribution.

    Returns:
        A float for one distribution, otherwise an array.

    >>> round(entropy([0.5, 0.5], base=2), 6)
    1.0
    >>> entropy([1.0, 0.0])
    0.0
    """
    p = _distribution(p, "p", axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p), 0.0)
    # 0.0 - s: never -0.0
    return _in_base_as_float(0.0 - np.sum(terms, axis=axis), base)


def cross_entropy(
    p: ArrayLike, q: ArrayLike, *, base: float | None = None, axis: int = -1
) -> float | FloatArray:
    r"""Cross-entropy :math:`H(p, q) = -\sum_k p_k \log q_k`, with :math:`0 \log q = 0`.

    Infinite when some :math:`q_k = 0` where :math:`p_k > 0`.
    :math:`H(p, q) = H(p) + D_{\mathrm{KL}}(p \,\|\, q)`.

    Args:
        p: the true distribution, summing to 1 along ``axis``.
        q: the model distribution, same shape.
        base: logarithm base (None for nats, 2 for bits).
        axis: the axis holding each distribution.

    Returns:
        A float for one distribution, otherwise an array.

    >>> round(cross_entropy([1.0, 0.0], [0.9, 0.1]), 4)
    0.1054
    """
    p, q = _distribution(p, "p", axis), _distribution(q, "q", axis)
    check_same_shape(p, q, "p", "q")
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(q), 0.0)
    # 0.0 - s: never -0.0
    return _in_base_as_float(0.0 - np.sum(terms, axis=axis), base)


def kl_divergence(
    p: ArrayLike,
    q: ArrayLike,
    *,
    log_target: bool = False,
    log_input: bool = False,
    base: float | None = None,
    axis: int = -1,
) -> float | FloatArray:
    r"""Kullback-Leibler divergence
    :math:`D_{\mathrm{KL}}(p \,\|\, q) = \sum_k p_k \log \frac{p_k}{q_k}`.

    Non-negative, zero only when :math:`p = q`, infinite when some
    :math:`q_k = 0` where :math:`p_k > 0`.  Same as ``scipy.stats.entropy(p, q)``
    on normalised input (and finite where a subnormal :math:`q_k` makes
    SciPy's :math:`p_k / q_k` overflow).

    Either distribution may be given as log-probabilities, with PyTorch's
    names: ``kl_divergence(log_p, log_q, log_target=True, log_input=True)`` is
    ``F.kl_div(log_q, log_p, log_target=True, reduction="none").sum(-1)``
    (PyTorch's ``input`` is always :math:`\log q`, its ``target`` is
    :math:`p`, or :math:`\log p` with ``log_target=True``).  The logarithms
    are then used as given (:math:`\log p_k - \log q_k`, no round trip
    through ``exp`` and ``log``), with :math:`-\infty` for a zero
    probability; only :math:`p_k` itself, the weight of each term, is
    exponentiated.  Deliberate difference: where :math:`\log p_k = -\infty`
    the term is 0 (:math:`0 \log 0 = 0`), where PyTorch with
    ``log_target=True`` gives NaN.

    Args:
        p: the true distribution, summing to 1 along ``axis`` (its logarithm
            with ``log_target``).
        q: the model distribution, same shape (its logarithm with
            ``log_input``).
        log_target: ``p`` holds log-probabilities (PyTorch's ``log_target``).
        log_input: ``q`` holds log-probabilities (as PyTorch's ``input``).
        base: logarithm base (None for nats, 2 for bits).
        axis: the axis holding each distribution.

    Returns:
        A float for one distribution, otherwise an array.

    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 4)
    0.5108
    >>> kl_divergence([0.3, 0.7], [0.3, 0.7])
    0.0
    >>> log_p, log_q = np.log([0.5, 0.5]), np.log([0.9, 0.1])
    >>> round(kl_divergence(log_p, log_q, log_target=True, log_input=True), 4)
    0.5108
    """
    p = _distribution(p, "p", axis, log=log_target)
    q = _distribution(q, "q", axis, log=log_input)
    check_same_shape(p, q, "p", "q")
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        if log_target or log_input:
            weight = np.exp(p) if log_target else p
            log_ratio = (p if log_target else np.log(p)) - (
                q if log_input else np.log(q)
            )
        else:
            weight = p
            ratio = p / q  # log(p / q) is accurate when p is close to q ...
            log_ratio = np.where(
                np.isfinite(ratio), np.log(ratio), np.log(p) - np.log(q)
            )  # ... unless p / q overflows
        terms = np.where(weight > 0, weight * log_ratio, 0.0)
    # The terms have both signs; rounding can leave a sum a hair below zero,
    # which Gibbs' inequality rules out, so clip it.
    return _in_base_as_float(np.maximum(np.sum(terms, axis=axis), 0.0), base)
