"""Activations: the maps between logits and probabilities, computed stably.

Each function evaluates ``exp`` only at non-positive arguments, so none of them
overflows, and each agrees with its ``scipy.special`` counterpart to about
1e-14 relative error for logits between -1e4 and 1e4.  As there, a scalar
input gives a NumPy scalar (indexing with ``[()]`` unwraps a 0-d array) and an
array input an array.
"""

import numpy as np

from ._validation import as_float_array, check_in_unit_interval


def sigmoid(z):
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`.

    Computed as :math:`1/(1+e^{-|z|})` for :math:`z \ge 0` and
    :math:`e^{-|z|}/(1+e^{-|z|})` otherwise. Counterpart: ``scipy.special.expit``.

    Args:
        z: real numbers (logits).

    Returns:
        Probabilities in [0, 1], an array of ``z``'s shape.

    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid(np.array([-800.0, 800.0]))
    array([0., 1.])
    """
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))
    return (np.where(z >= 0, 1, e) / (1 + e))[()]


def softplus(z):
    r"""Softplus :math:`\log(1 + e^{z})`, the smooth version of :math:`\max(z, 0)`.

    Computed as :math:`\max(z, 0) + \log(1 + e^{-|z|})` so it never overflows
    and keeps full relative precision where it is tiny (very negative ``z``).

    Args:
        z: real numbers.

    Returns:
        Non-negative values, an array of ``z``'s shape.

    >>> round(float(softplus(0.0)), 6)
    0.693147
    >>> float(softplus(1000.0))
    1000.0
    """
    z = as_float_array(z, "z")
    return (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))))[()]


def log_sigmoid(z):
    r"""The log of the logistic function, :math:`\log \sigma(z) = -\mathrm{softplus}(-z)`.

    Counterpart: ``scipy.special.log_expit``.

    Args:
        z: real numbers (logits).

    Returns:
        Non-positive values, an array of ``z``'s shape.

    >>> float(log_sigmoid(-1000.0))
    -1000.0
    """
    return -softplus(-as_float_array(z, "z"))


def logit(p):
    r"""The inverse of the sigmoid, :math:`\log \frac{p}{1 - p}`, for p in [0, 1].

    Near p = 1/2, where the result is close to zero, it is computed as
    :math:`\log(1+s) - \log(1-s)` with :math:`s = 2p - 1` to keep full relative
    precision (the same split as ``scipy.special.logit``).

    Args:
        p: probabilities in [0, 1].

    Returns:
        Logits, an array of ``p``'s shape (:math:`\pm\infty` at 0 and 1).

    >>> round(float(logit(0.9)), 4)
    2.1972
    >>> logit(np.array([0.0, 1.0]))
    array([-inf,  inf])
    """
    p = check_in_unit_interval(as_float_array(p, "p"), "p")
    s = 2 * p - 1
    with np.errstate(divide="ignore"):
        far = np.log(p / (1 - p))
        near = np.log1p(s) - np.log1p(-s)
    return np.where((p < 0.3) | (p > 0.65), far, near)[()]


def logsumexp(a, *, axis=-1):
    r""":math:`\log \sum_j e^{a_j}` along ``axis``, shifted by the maximum :math:`m`.

    .. math:: \log \sum_j e^{a_j} = m + \log c
        + \log\Big(1 + \frac{1}{c}\sum_{a_j < m} e^{a_j - m}\Big)

    with :math:`c` the number of entries equal to :math:`m`.  No exponential
    overflows, and ``log1p`` keeps full precision when the maximum dominates
    (the method of ``scipy.special.logsumexp``).

    Args:
        a: real numbers.
        axis: the axis to reduce.

    Returns:
        An array with ``axis`` removed (a NumPy scalar for 1-D input).

    >>> round(float(logsumexp([1000.0, 1000.0])), 6)
    1000.693147
    """
    a = as_float_array(a, "a")
    m = np.max(a, axis=axis, keepdims=True)
    is_max = a == m
    count = np.sum(is_max, axis=axis, keepdims=True)
    rest = np.sum(
        np.where(is_max, 0.0, np.exp(a - m)), axis=axis, keepdims=True
    )
    out = np.log1p(rest / count) + np.log(count) + m
    return np.squeeze(out, axis=axis)[()]


def log_softmax(a, *, axis=-1):
    r""":math:`\log \mathrm{softmax}(a)_k = a_k - \log \sum_j e^{a_j}`, computed as
    :math:`(a_k - m) - \log \sum_j e^{a_j - m}` with :math:`m = \max_j a_j`.

    Args:
        a: real numbers (logits).
        axis: the axis holding each set of logits.

    Returns:
        An array of ``a``'s shape.

    >>> np.round(log_softmax([0.0, 0.0]), 6)
    array([-0.693147, -0.693147])
    >>> log_softmax([1000.0, 1.0])
    array([   0., -999.])
    """
    a = as_float_array(a, "a")
    shifted = a - np.max(a, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(a, *, axis=-1):
    r""":math:`\mathrm{softmax}(a)_k = e^{a_k} / \sum_j e^{a_j}`, computed as
    :math:`e^{a_k - \max_j a_j}` over its sum.

    Args:
        a: real numbers (logits).
        axis: the axis holding each set of logits.

    Returns:
        An array of ``a``'s shape; each slice along ``axis`` sums to 1.

    >>> softmax([1000.0, 1000.0])
    array([0.5, 0.5])
    """
    a = as_float_array(a, "a")
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
