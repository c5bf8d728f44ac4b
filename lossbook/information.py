r"""Entropy, cross-entropy and Kullback-Leibler divergence of distributions.

Values equal ``scipy.stats.entropy`` on normalised input, with the convention
:math:`0 \log 0 = 0`.  Input that is not a distribution along ``axis``
(entries outside [0, 1], or not summing to 1) raises rather than being
silently renormalised.  A result over a single distribution is a float.
"""

import numpy as np

from ._validation import (
    as_float_array,
    check_distribution,
    check_same_shape,
    check_scalar,
)


def _distribution(p, name, axis):
    return check_distribution(as_float_array(p, name), name, axis=axis)


def _finish(total, base):
    """Convert nats to the requested base; a 0-d result becomes a float."""
    if base is not None:
        base = check_scalar(base, "base", low=0, high=np.inf, low_open=True)
        if base == 1:
            raise ValueError("base must not be 1")
        total = total / np.log(base)
    return float(total) if np.ndim(total) == 0 else total


def entropy(p, *, base=None, axis=-1):
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
    return _finish(0.0 - np.sum(terms, axis=axis), base)  # 0.0 - s: never -0.0


def cross_entropy(p, q, *, base=None, axis=-1):
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
    return _finish(0.0 - np.sum(terms, axis=axis), base)  # 0.0 - s: never -0.0


def kl_divergence(p, q, *, base=None, axis=-1):
    r"""Kullback-Leibler divergence
    :math:`D_{\mathrm{KL}}(p \,\|\, q) = \sum_k p_k \log \frac{p_k}{q_k}`.

    Non-negative, zero only when :math:`p = q`, infinite when some
    :math:`q_k = 0` where :math:`p_k > 0`.  Same as ``scipy.stats.entropy(p, q)``
    on normalised input (and finite where a subnormal :math:`q_k` makes
    SciPy's :math:`p_k / q_k` overflow).

    Args:
        p: the true distribution, summing to 1 along ``axis``.
        q: the model distribution, same shape.
        base: logarithm base (None for nats, 2 for bits).
        axis: the axis holding each distribution.

    Returns:
        A float for one distribution, otherwise an array.

    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 4)
    0.5108
    >>> kl_divergence([0.3, 0.7], [0.3, 0.7])
    0.0
    """
    p, q = _distribution(p, "p", axis), _distribution(q, "q", axis)
    check_same_shape(p, q, "p", "q")
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ratio = p / q  # log(p / q) is accurate when p is close to q ...
        log_ratio = np.where(
            np.isfinite(ratio), np.log(ratio), np.log(p) - np.log(q)
        )  # ... unless p / q overflows
        terms = np.where(p > 0, p * log_ratio, 0.0)
    # The terms have both signs; rounding can leave a sum a hair below zero,
    # which Gibbs' inequality rules out, so clip it.
    return _finish(np.maximum(np.sum(terms, axis=axis), 0.0), base)
