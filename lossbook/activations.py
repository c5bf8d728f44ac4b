r"""Activations: the maps between logits and probabilities, computed stably.

Each function evaluates ``exp`` only at non-positive arguments, so none of them
overflows, and each agrees with its ``scipy.special`` counterpart to about
1e-14 relative error for logits between -1e4 and 1e4.  As there, a scalar
input gives a NumPy scalar (indexing with ``[()]`` unwraps a 0-d array), an
array input an array, and float32 input stays float32.

A logit of :math:`-\infty` is accepted wherever SciPy accepts it, with SciPy's
values: it is how a class is masked out (its probability is exactly 0), so
``log_softmax([0, -inf])`` is ``[0, -inf]`` and ``sigmoid(-inf)`` is 0.
Deliberate differences from ``scipy.special``:

- NaN and :math:`+\infty` raise ``ValueError``.  SciPy propagates NaN and
  returns ``expit(inf) = 1``, ``log_expit(inf) = 0``; an infinite positive
  logit is a certainty that no finite model produces, so lossbook treats it
  as an error in the input.
- A slice that is :math:`-\infty` throughout (every class masked out) makes
  :func:`softmax` and :func:`log_softmax` raise ``ValueError``, where SciPy
  returns NaN with a ``RuntimeWarning``: the probabilities are 0/0.
  :func:`logsumexp` of such a slice is :math:`\log 0 = -\infty`, as in SciPy.
"""

from __future__ import annotations

import numpy as np

from ._typing import ArrayLike, FloatArray
from ._validation import (
    as_float_array,
    check_in_unit_interval,
    check_not_all_minus_inf,
)


def _logits(z: ArrayLike, name: str) -> FloatArray:
    """``z`` as a float array of logits; -inf (a masked class) is allowed.

    At least 1-D, so that NumPy 1 keeps float32: it casts a 0-d float32
    array combined with a Python number to float64.  :func:`_shaped` gives
    the result the input's shape back.
    """
    return np.atleast_1d(as_float_array(z, name, allow_minus_inf=True))


def _shaped(values: FloatArray, like: ArrayLike) -> FloatArray | np.floating:
    """``values`` in the shape of the input ``like``: a NumPy scalar for a
    scalar input, as SciPy returns."""
    return values.reshape(np.shape(like))[()]


def _log1p_exp_minus_abs(z: FloatArray) -> FloatArray:
    r""":math:`\log(1 + e^{-|z|})`, the part softplus and log-sigmoid share."""
    return np.log1p(np.exp(-np.abs(z)))


def sigmoid(z: ArrayLike) -> FloatArray | np.floating:
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`.

    Computed as :math:`1/(1+e^{-|z|})` for :math:`z \ge 0` and
    :math:`e^{-|z|}/(1+e^{-|z|})` otherwise. Counterpart: ``scipy.special.expit``.

    Args:
        z: real numbers (logits); :math:`-\infty` gives 0.

    Returns:
        Probabilities in [0, 1], an array of ``z``'s shape.

    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid(np.array([-np.inf, -800.0, 800.0]))
    array([0., 0., 1.])
    """
    logits = _logits(z, "z")
    e = np.exp(-np.abs(logits))
    return _shaped(np.where(logits >= 0, 1, e) / (1 + e), z)


def softplus(z: ArrayLike) -> FloatArray | np.floating:
    r"""Softplus :math:`\log(1 + e^{z})`, the smooth version of :math:`\max(z, 0)`.

    Computed as :math:`\max(z, 0) + \log(1 + e^{-|z|})` so it never overflows
    and keeps full relative precision where it is tiny (very negative ``z``).
    Counterpart: ``numpy.logaddexp(0, z)``.

    Args:
        z: real numbers; :math:`-\infty` gives 0.

    Returns:
        Non-negative values, an array of ``z``'s shape.

    >>> round(float(softplus(0.0)), 6)
    0.693147
    >>> float(softplus(1000.0))
    1000.0
    """
    logits = _logits(z, "z")
    return _shaped(np.maximum(logits, 0) + _log1p_exp_minus_abs(logits), z)


def log_sigmoid(z: ArrayLike) -> FloatArray | np.floating:
    r"""The log of the logistic function, :math:`\log \sigma(z) = -\mathrm{softplus}(-z)`.

    Computed as :math:`-(\max(-z, 0) + \log(1 + e^{-|z|}))`, which is
    :math:`-0.0` where it rounds to zero, as ``scipy.special.log_expit``.

    Args:
        z: real numbers (logits); :math:`-\infty` gives :math:`-\infty`.

    Returns:
        Non-positive values, an array of ``z``'s shape.

    >>> float(log_sigmoid(-1000.0))
    -1000.0
    >>> float(log_sigmoid(-np.inf))
    -inf
    """
    logits = _logits(z, "z")
    return _shaped(-(np.maximum(-logits, 0) + _log1p_exp_minus_abs(logits)), z)


def logit(p: ArrayLike) -> FloatArray | np.floating:
    r"""The inverse of the sigmoid, :math:`\log \frac{p}{1 - p}`, for p in [0, 1].

    Near p = 1/2, where the result is close to zero, it is computed as
    :math:`\log(1+s) - \log(1-s)` with :math:`s = 2p - 1` to keep full relative
    precision (the same split as ``scipy.special.logit``).  Input outside
    [0, 1] raises ``ValueError`` (SciPy returns NaN).

    Args:
        p: probabilities in [0, 1].

    Returns:
        Logits, an array of ``p``'s shape (:math:`\pm\infty` at 0 and 1).

    >>> round(float(logit(0.9)), 4)
    2.1972
    >>> logit(np.array([0.0, 1.0]))
    array([-inf,  inf])
    """
    prob = np.atleast_1d(check_in_unit_interval(as_float_array(p, "p"), "p"))
    s = 2 * prob - 1
    with np.errstate(divide="ignore"):
        far = np.log(prob / (1 - prob))
        near = np.log1p(s) - np.log1p(-s)
    return _shaped(np.where((prob < 0.3) | (prob > 0.65), far, near), p)


def logsumexp(a: ArrayLike, *, axis: int = -1) -> FloatArray | np.floating:
    r""":math:`\log \sum_j e^{a_j}` along ``axis``, shifted by the maximum :math:`m`.

    .. math:: \log \sum_j e^{a_j} = m + \log c
        + \log\Big(1 + \frac{1}{c}\sum_{a_j < m} e^{a_j - m}\Big)

    with :math:`c` the number of entries equal to :math:`m`.  No exponential
    overflows, and ``log1p`` keeps full precision when the maximum dominates
    (the method of ``scipy.special.logsumexp``).  Entries of :math:`-\infty`
    add nothing; a slice of them only gives :math:`-\infty`, as in SciPy.

    Args:
        a: real numbers (or :math:`-\infty`).
        axis: the axis to reduce.

    Returns:
        An array with ``axis`` removed (a NumPy scalar for 1-D input).

    >>> round(float(logsumexp([1000.0, 1000.0])), 6)
    1000.693147
    >>> float(logsumexp([0.0, -np.inf]))
    0.0
    """
    a = _logits(a, "a")
    m = np.max(a, axis=axis, keepdims=True)
    is_max = a == m
    count = np.sum(is_max, axis=axis, keepdims=True).astype(a.dtype)
    shift = np.where(m == -np.inf, 0, m)  # no -inf - -inf in a masked slice
    rest = np.sum(
        np.where(is_max, 0, np.exp(a - shift)), axis=axis, keepdims=True
    )
    out = np.log1p(rest / count) + np.log(count) + m
    return np.squeeze(out, axis=axis)[()]


def _shifted_logits(a: ArrayLike, axis: int) -> FloatArray:
    """``a`` minus its maximum along ``axis`` (so every entry is <= 0)."""
    a = check_not_all_minus_inf(_logits(a, "a"), "a", axis=axis)
    return a - np.max(a, axis=axis, keepdims=True)


def log_softmax(a: ArrayLike, *, axis: int = -1) -> FloatArray | np.floating:
    r""":math:`\log \mathrm{softmax}(a)_k = a_k - \log \sum_j e^{a_j}`, computed as
    :math:`(a_k - m) - \log \sum_j e^{a_j - m}` with :math:`m = \max_j a_j`.

    Counterpart: ``scipy.special.log_softmax``.  A logit of :math:`-\infty`
    (a masked class) gives :math:`-\infty`; a slice that is :math:`-\infty`
    throughout raises ``ValueError`` (SciPy returns NaN).

    Args:
        a: real numbers (logits), or :math:`-\infty` for masked classes.
        axis: the axis holding each set of logits.

    Returns:
        An array of ``a``'s shape (a NumPy scalar, 0, for a scalar, as SciPy
        returns).

    >>> np.round(log_softmax([0.0, 0.0]), 6)
    array([-0.693147, -0.693147])
    >>> log_softmax([1000.0, 1.0])
    array([   0., -999.])
    >>> log_softmax([0.0, -np.inf])
    array([  0., -inf])
    """
    shifted = _shifted_logits(a, axis)
    out = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return _shaped(out, a)


def softmax(a: ArrayLike, *, axis: int = -1) -> FloatArray | np.floating:
    r""":math:`\mathrm{softmax}(a)_k = e^{a_k} / \sum_j e^{a_j}`, computed as
    :math:`e^{a_k - \max_j a_j}` over its sum.

    Counterpart: ``scipy.special.softmax``.  A logit of :math:`-\infty`
    (a masked class) gets probability 0; a slice that is :math:`-\infty`
    throughout raises ``ValueError`` (SciPy returns NaN).

    Args:
        a: real numbers (logits), or :math:`-\infty` for masked classes.
        axis: the axis holding each set of logits.

    Returns:
        An array of ``a``'s shape; each slice along ``axis`` sums to 1 (a
        NumPy scalar, 1, for a scalar, as SciPy returns).

    >>> softmax([1000.0, 1000.0])
    array([0.5, 0.5])
    >>> softmax([0.0, -np.inf])
    array([1., 0.])
    """
    e = np.exp(_shifted_logits(a, axis))
    return _shaped(e / np.sum(e, axis=axis, keepdims=True), a)
