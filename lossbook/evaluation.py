r"""Evaluating models over many data sets: intervals, paired differences,
precision–recall summaries, and many logistic fits and training runs at once.

The book's experiments compare training methods by fitting each on many
seeded data sets and scoring every fit on a test set.  This module holds the
measurement rules they share, so that every method compared is measured by
the same rule:

- :func:`mean_interval` and :func:`paired_difference`: the mean over data
  sets with the half-width of its Student-*t* confidence interval, for one
  method or for the difference of two methods scored on the same sets;
- :func:`precision_recall_curve`, :func:`average_precision` and
  :func:`precision_at_recall`: ranking summaries, one row of scores per data
  set;
- :func:`fit_logistic`: the minimiser of the (smoothed, weighted, penalised)
  mean log loss on every data set at once, to the last digit, by Newton's
  method; :func:`fit_temperature`: the temperature that minimises the mean
  log loss of given logits (temperature scaling), to the last digit;
- :func:`descend_logistic`: gradient descent of logistic regression for many
  runs at once (data sets, step sizes, penalties, smoothing), with the
  training and validation curves of every run (a :class:`Descent`), the
  weights of its last epoch and those of its lowest validation loss;
  :func:`score_logistic`: the mean log loss and accuracy of such weights on
  other data.

Counterparts: ``scipy.stats.t.ppf`` (:func:`t_quantile`),
``sklearn.metrics.precision_recall_curve`` and ``average_precision_score``,
``sklearn.linear_model.LogisticRegression`` (:func:`fit_logistic`),
:class:`lossbook.LogisticRegression` run once per run
(:func:`descend_logistic`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._typing import ArrayLike, FloatArray
from ._validation import (
    as_float_array,
    check_hard_labels,
    check_integer,
    check_scalar,
)
from .activations import sigmoid
from .binary import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_gradient,
)
from .smoothing import smooth_labels

__all__ = [
    "Descent",
    "average_precision",
    "descend_logistic",
    "fit_logistic",
    "fit_temperature",
    "mean_interval",
    "paired_difference",
    "precision_at_recall",
    "precision_recall_curve",
    "score_logistic",
    "t_quantile",
]


# ------------------------------------------------------------- intervals


def t_quantile(p: float, df: int) -> float:
    r"""The ``p`` quantile of Student's *t* distribution with ``df`` degrees
    of freedom: the :math:`t` with :math:`P(T \le t) = p`.

    The distribution function comes from the finite series for whole
    ``df`` (Abramowitz and Stegun 26.7.3–4): with
    :math:`\theta = \arctan(t / \sqrt{\nu})` and :math:`c = \cos^2\theta`,

    .. math:: P(|T| \le t) = \sin\theta \sum_{j=0}^{\nu/2 - 1}
              \frac{(2j - 1)!!}{(2j)!!}\, c^{\,j}
              \quad (\nu \text{ even}),

    and :math:`\frac{2}{\pi}\big[\theta + \sin\theta\cos\theta
    \sum_{j=0}^{(\nu-3)/2} \frac{(2j)!!}{(2j+1)!!} c^{\,j}\big]` for odd
    :math:`\nu`; it is inverted by bisection down to adjacent floats.
    Counterpart: ``scipy.stats.t.ppf(p, df)``, which it matches to about
    1e-12 relatively up to df = 10**4 (1e-10 at 10**6: the series has df / 2
    terms) for the usual p.

    Args:
        p: a probability in (0, 1).
        df: degrees of freedom, a whole number >= 1 (n - 1 for n values).

    >>> round(t_quantile(0.975, 9), 6)
    2.262157
    >>> round(t_quantile(0.975, 10**6), 6)  # nearly the normal quantile
    1.959966
    """
    p = check_scalar(p, "p", low=0, high=1, low_open=True)
    if p == 1:
        raise ValueError("p must lie in (0, 1), got 1")
    df = check_integer(df, "df", low=1)
    if p == 0.5:
        return 0.0
    inside = 2 * max(p, 1 - p) - 1  # P(|T| <= t) at the positive quantile
    coefficients = _t_series(df)
    lo, hi = 0.0, 1.0
    while _t_inside(hi, df, coefficients) < inside:
        lo, hi = hi, 2 * hi
    while True:  # bisection down to adjacent floats
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if _t_inside(mid, df, coefficients) < inside:
            lo = mid
        else:
            hi = mid
    return hi if p > 0.5 else -hi


def _t_series(df: int) -> FloatArray:
    """The coefficients of the finite series of P(|T| <= t) in cos^2."""
    if df % 2 == 0:
        j = np.arange(1.0, df // 2)
        ratios = (2 * j - 1) / (2 * j)
    else:
        j = np.arange(1.0, (df - 1) // 2)
        ratios = (2 * j) / (2 * j + 1)
    return np.asarray(np.cumprod(np.r_[1.0, ratios]), dtype=np.float64)


def _t_inside(t: float, df: int, coefficients: FloatArray) -> float:
    """P(|T| <= t) for t >= 0, from the series of :func:`t_quantile`."""
    theta = math.atan2(t, math.sqrt(df))
    c = math.cos(theta) ** 2
    powers = c ** np.arange(coefficients.size)
    series = float(np.dot(coefficients, powers))
    if df % 2 == 0:
        return math.sin(theta) * series
    if df == 1:
        return 2 * theta / math.pi
    return 2 / math.pi * (theta + math.sin(theta) * math.cos(theta) * series)


def mean_interval(
    values: ArrayLike, *, confidence: float = 0.95, axis: int = -1
) -> tuple[FloatArray | float, FloatArray | float]:
    r"""The mean of ``values`` along ``axis`` and the half-width of its
    Student-*t* confidence interval:

    .. math:: \bar v \pm t_{(1 + c)/2,\; n - 1}\, \frac{s}{\sqrt n}

    with :math:`s` the sample standard deviation (``ddof=1``) of the
    :math:`n` values.  Use it for one method's score over many data sets;
    for two methods scored on the same sets use :func:`paired_difference`.

    Args:
        values: at least two values along ``axis``.
        confidence: the interval's coverage, in (0, 1).
        axis: the axis of the data sets.

    Returns:
        ``(mean, half_width)``: floats for 1-D input, else arrays with
        ``axis`` removed.

    >>> mean_interval([1.0, 2.0, 3.0, 4.0])  # t(0.975, 3) * s / 2
    (2.5, 2.0542...)
    """
    v = as_float_array(values, "values")
    n = v.shape[axis]
    if n < 2:
        raise ValueError(f"values must hold at least 2 values, got {n}")
    confidence = check_scalar(
        confidence, "confidence", low=0, high=1, low_open=True
    )
    if confidence == 1:
        raise ValueError("confidence must lie in (0, 1), got 1")
    t = t_quantile((1 + confidence) / 2, n - 1)
    mean = np.mean(v, axis=axis)
    half = t * np.std(v, axis=axis, ddof=1) / math.sqrt(n)
    if np.ndim(mean) == 0:
        return float(mean), float(half)
    return mean, half


def paired_difference(
    a: ArrayLike, b: ArrayLike, *, confidence: float = 0.95, axis: int = -1
) -> tuple[FloatArray | float, FloatArray | float]:
    r"""The mean of ``a - b`` over paired data sets and the half-width of its
    Student-*t* interval: :func:`mean_interval` of the differences.

    Pairing removes what the two methods share on each set (an easy or a
    hard test set), which an interval of each mean alone counts as noise.

    >>> diff, half = paired_difference([0.30, 0.32, 0.35], [0.31, 0.32, 0.37])
    >>> round(diff, 6), round(half, 6)
    (-0.01, 0.024841)
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(
            f"a and b must have the same shape, got {a.shape} and {b.shape}"
        )
    return mean_interval(a - b, confidence=confidence, axis=axis)


# ------------------------------------------------------------- rankings


def _ranked(
    y_true: ArrayLike, y_score: ArrayLike
) -> tuple[int, FloatArray, np.ndarray, FloatArray, FloatArray]:
    """Rows of labels and scores, sorted by decreasing score; with each
    position, the true positives and the count flagged at the threshold of
    that position's score (ties flagged together)."""
    y = check_hard_labels(
        as_float_array(y_true, "y_true", ndim=(1, 2)), "y_true"
    )
    s = as_float_array(y_score, "y_score", ndim=(1, 2))
    if y.shape != s.shape:
        raise ValueError(
            f"y_true and y_score must have the same shape, got {y.shape} "
            f"and {s.shape}"
        )
    y2, s2 = np.atleast_2d(y), np.atleast_2d(s)
    if np.any(y2.sum(axis=1) == 0):
        raise ValueError("y_true must hold a positive in every row")
    order = np.argsort(-s2, axis=1)  # ties are flagged together anyway
    y_sorted = np.take_along_axis(y2, order, axis=1)
    s_sorted = np.take_along_axis(s2, order, axis=1)
    n = s2.shape[1]
    # the last position of each run of equal scores, for every position
    last = np.diff(s_sorted, axis=1, append=-np.inf) != 0
    position = np.where(last, np.arange(n), n)
    group_end = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1]
    true_pos = np.take_along_axis(np.cumsum(y_sorted, axis=1), group_end, 1)
    flagged = group_end + 1.0
    return y.ndim, s_sorted, last, true_pos, flagged


def precision_recall_curve(
    y_true: ArrayLike, y_score: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Precision and recall when flagging every sample scored at least each
    threshold, over the distinct scores:

    .. math:: P(\tau) = \frac{TP(\tau)}{\#\{s_i \ge \tau\}}, \qquad
              R(\tau) = \frac{TP(\tau)}{\#\{y_i = 1\}}

    As ``sklearn.metrics.precision_recall_curve`` returns them: thresholds
    increasing, and a last point of precision 1 and recall 0 with no
    threshold.

    Args:
        y_true: 0/1 labels, 1-D, with at least one positive.
        y_score: scores, higher meaning more likely positive.

    >>> p, r, t = precision_recall_curve([0, 1, 1, 0], [0.1, 0.8, 0.4, 0.4])
    >>> p
    array([0.5       , 0.66666667, 1.        , 1.        ])
    >>> r, t
    (array([1. , 1. , 0.5, 0. ]), array([0.1, 0.4, 0.8]))
    """
    ndim, s_sorted, last, true_pos, flagged = _ranked(y_true, y_score)
    if ndim != 1:
        raise ValueError("y_true must be 1-D for precision_recall_curve")
    keep = last[0]
    precision = true_pos[0, keep] / flagged[0, keep]
    recall = true_pos[0, keep] / true_pos[0, -1]
    thresholds = s_sorted[0, keep]
    return (
        np.r_[precision[::-1], 1.0],
        np.r_[recall[::-1], 0.0],
        thresholds[::-1],
    )


def average_precision(
    y_true: ArrayLike, y_score: ArrayLike
) -> float | FloatArray:
    r"""The average precision of a ranking: the precision at each threshold
    weighted by the recall it adds,

    .. math:: \mathrm{AP} = \sum_k (R_k - R_{k-1})\, P_k ,

    as ``sklearn.metrics.average_precision_score`` computes it (no
    interpolation).  A random ranking scores about the share of positives; a
    perfect one scores 1.

    Args:
        y_true: 0/1 labels, 1-D, or 2-D with one data set per row; each row
            holds a positive.
        y_score: scores of the same shape.

    Returns:
        A float for 1-D input, else one value per row.

    >>> average_precision([0, 1, 1, 0], [0.1, 0.8, 0.4, 0.4])
    0.8333...
    """
    ndim, _, _, true_pos, flagged = _ranked(y_true, y_score)
    recall = true_pos / true_pos[:, -1:]
    gained = np.diff(recall, axis=1, prepend=0.0)
    ap = np.sum(gained * true_pos / flagged, axis=1)
    return float(ap[0]) if ndim == 1 else ap


def precision_at_recall(
    y_true: ArrayLike, y_score: ArrayLike, recall: ArrayLike
) -> float | FloatArray:
    r"""The precision at the highest threshold whose recall reaches each
    level of ``recall``:

    .. math:: P\big(\tau^*\big), \quad
              \tau^* = \max\{\tau : R(\tau) \ge r\}

    One rule for every model compared: each is read where it first finds the
    share :math:`r` of the positives, that is just after a positive (the top
    of the precision's sawtooth), with tied scores flagged together.  Reading
    one model there and another at an arbitrary cut biases the comparison.

    Args:
        y_true: 0/1 labels, 1-D, or 2-D with one data set per row.
        y_score: scores of the same shape.
        recall: a level in (0, 1], or a 1-D array of levels.

    Returns:
        For 1-D input a float (one level) or an array over the levels; for
        2-D input an array with one row per data set (and a column per level
        if ``recall`` is an array).

    >>> precision_at_recall([0, 1, 1, 0], [0.1, 0.8, 0.4, 0.4], [0.5, 1.0])
    array([1.        , 0.66666667])
    """
    levels = as_float_array(recall, "recall", ndim=(0, 1))
    if np.any((levels <= 0) | (levels > 1)):
        raise ValueError(f"recall must lie in (0, 1], got {recall!r}")
    ndim, _, _, true_pos, flagged = _ranked(y_true, y_score)
    reached = true_pos / true_pos[:, -1:]
    first = np.argmax(
        reached[:, None, :] >= np.atleast_1d(levels)[None, :, None] - 1e-12,
        axis=2,
    )
    rows = np.arange(true_pos.shape[0])[:, None]
    precision = true_pos[rows, first] / flagged[rows, first]
    if levels.ndim == 0:
        precision = precision[:, 0]
    if ndim == 1:
        return float(precision[0]) if levels.ndim == 0 else precision[0]
    return precision


# ------------------------------------------------------------- fits


def fit_logistic(
    X: ArrayLike,
    y: ArrayLike,
    *,
    l2: float = 0.0,
    label_smoothing: float = 0.0,
    pos_weight: float | None = None,
    max_iter: int = 100,
) -> FloatArray:
    r"""Logistic regression on many data sets at once, solved to the last
    digit: for each set, the weights :math:`w` and intercept :math:`b`
    minimising

    .. math:: \frac1n \sum_i \ell\big(t_i,\; x_i \cdot w + b\big)
              + \frac{\lambda}{2} \lVert w \rVert^2

    with :math:`\ell` the binary cross-entropy from logits (``pos_weight``
    weighting its positive term) and :math:`t_i = (1 - \varepsilon) y_i +
    \varepsilon / 2` the smoothed labels: the optimum that
    :class:`lossbook.LogisticRegression` with the same options approaches,
    and ``sklearn.linear_model.LogisticRegression(C=1 / (n * l2))`` finds.

    Newton's method with a backtracking line search, on every set together;
    a set stops once its step moves the weights only in their last digits
    (at most 1e-12 relatively), so the result is its minimum to rounding,
    the same on every CPU to about 1e-12.  Without a
    penalty or smoothing, separable data have no minimum: the weights grow
    without end and a ``ValueError`` says so.

    Args:
        X: features, shape (n_sets, n_samples, n_features), or 2-D for one set.
        y: 0/1 labels, shape (n_sets, n_samples), or 1-D.
        l2: the penalty :math:`\lambda \ge 0` on the weights (not the
            intercept).
        label_smoothing: :math:`\varepsilon` in [0, 1].
        pos_weight: weight of the positive term, > 0, or None for 1.
        max_iter: the most Newton steps.

    Returns:
        Shape (n_sets, n_features + 1), each row the weights then the
        intercept (1-D for 2-D ``X``).

    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> np.round(fit_logistic(X, [0, 1, 0, 1]), 6)
    array([ 0.908184, -1.362276])
    """
    A = as_float_array(X, "X", ndim=(2, 3))
    t = check_hard_labels(as_float_array(y, "y", ndim=(1, 2)), "y")
    single = A.ndim == 2
    A, t = np.atleast_3d(A[None] if single else A), np.atleast_2d(t)
    if t.shape != A.shape[:2]:
        raise ValueError(
            f"y must have shape {A.shape[:2]} to match X, got {t.shape}"
        )
    l2 = check_scalar(l2, "l2", low=0, high=np.inf)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0, high=1)
    w_pos = (
        1.0
        if pos_weight is None
        else check_scalar(
            pos_weight, "pos_weight", low=0, high=np.inf, low_open=True
        )
    )
    max_iter = check_integer(max_iter, "max_iter", low=1)
    t = smooth_labels(t.ravel(), eps).reshape(t.shape)
    n_sets, n, d = A.shape
    A = np.concatenate([A, np.ones((n_sets, n, 1))], axis=2)
    penalised = np.r_[np.ones(d), 0.0]

    def loss(v: FloatArray) -> FloatArray:
        z = (A @ v[..., None])[..., 0]
        data = np.asarray(
            binary_cross_entropy_with_logits(
                t, z, pos_weight=w_pos, reduction="none"
            )
        )
        return data.mean(axis=1) + 0.5 * l2 * np.sum(penalised * v * v, axis=1)

    v = np.zeros((n_sets, d + 1))
    current = loss(v)
    done = np.zeros(n_sets, dtype=bool)
    for _ in range(max_iter):
        z = (A @ v[..., None])[..., 0]
        dz = binary_cross_entropy_with_logits_gradient(t, z, pos_weight=w_pos)
        curvature = ((1 - t) + w_pos * t) * sigmoid(z) * sigmoid(-z)
        grad = (dz[:, None, :] @ A)[:, 0, :] / n + l2 * penalised * v
        hess = (A.transpose(0, 2, 1) * curvature[:, None, :]) @ A / n
        hess = hess + l2 * np.diag(penalised)
        step = np.linalg.solve(hess, grad[..., None])[..., 0]
        step = np.where(done[:, None], 0.0, step)
        # Newton converges quadratically: once a step moves the weights only
        # in their last digits, the step after it would move nothing
        size = np.max(np.abs(step), axis=1)
        last = size <= 1e-12 * (1 + np.max(np.abs(v), axis=1))
        v, current = _backtrack(loss, v, step, grad, current)
        done |= last
        if done.all():
            break
    else:
        raise ValueError(
            f"no minimum found in max_iter={max_iter} Newton steps: without "
            "l2 or label_smoothing, separable data have none"
        )
    return v[0] if single else v


def _backtrack(
    loss: Callable[[FloatArray], FloatArray],
    v: FloatArray,
    step: FloatArray,
    grad: FloatArray,
    current: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """One damped Newton step per set: halve the step until the loss falls
    enough (the Armijo rule, with a few ulp of slack for the flat bottom)."""
    scale = np.ones(v.shape[0])
    new_v, new_loss = v.copy(), current.copy()
    pending = np.any(step != 0, axis=1)
    decrease = np.sum(grad * step, axis=1)
    slack = 4 * np.finfo(float).eps * np.abs(current)
    for _ in range(60):
        if not pending.any():
            break
        trial = v - scale[:, None] * step
        trial_loss = loss(trial)
        ok = pending & (
            trial_loss <= current - 1e-4 * scale * decrease + slack
        )
        new_v[ok], new_loss[ok] = trial[ok], trial_loss[ok]
        pending &= ~ok
        scale = np.where(pending, scale / 2, scale)
    return new_v, new_loss


def fit_temperature(y: ArrayLike, logits: ArrayLike) -> float | FloatArray:
    r"""Temperature scaling: the temperature :math:`T > 0` whose logits
    :math:`z_i / T` have the lowest mean log loss on the labels :math:`y`,

    .. math:: T^* = 1 / c^*, \qquad c^* = \arg\min_{c \ge 0}
              \frac1n \sum_{i=1}^n \ell(y_i, c\, z_i)

    with :math:`\ell` the binary cross-entropy from logits (Guo et al.,
    2017, fit :math:`T` on held-out data).  The mean loss is convex in
    :math:`c`, with slope :math:`\frac1n \sum_i z_i\,(\sigma(c z_i) - y_i)`
    rising in :math:`c`; its root is found by bisection down to adjacent
    floats, so :math:`c^*` is the minimiser to its last digit (comparing
    loss values instead resolves only about eight digits: the loss is too
    flat near its minimum).

    Two cases have no finite positive minimiser: a slope of 0 or more at
    :math:`c = 0` (the logits point the wrong way, or nowhere: the loss is
    lowest at :math:`z / T = 0`) gives ``inf``, and a slope that stays
    negative (every sample on its right side: the loss falls without end as
    the logits grow) gives ``0.0``.

    Args:
        y: 0/1 labels, 1-D, or 2-D with one data set per row.
        logits: the logits :math:`z`, of the same shape.

    Returns:
        A float for 1-D input, else one temperature per row.

    >>> T = fit_temperature([1, 1, 0], [1.0, 1.0, 1.0])  # sigma(1 / T) = 2/3
    >>> round(T, 12), round(1 / math.log(2), 12)
    (1.442695040889, 1.442695040889)
    """
    t = check_hard_labels(as_float_array(y, "y", ndim=(1, 2)), "y")
    z = as_float_array(logits, "logits", ndim=(1, 2)).astype(np.float64)
    if t.shape != z.shape:
        raise ValueError(
            f"y and logits must have the same shape, got {t.shape} and "
            f"{z.shape}"
        )
    t2, z2 = np.atleast_2d(t), np.atleast_2d(z)

    def slope(c: FloatArray) -> FloatArray:
        return np.mean(z2 * (sigmoid(c[:, None] * z2) - t2), axis=1)

    at_zero = np.mean(z2 * (0.5 - t2), axis=1)
    at_infinity = np.mean(z2 * ((z2 > 0) - t2), axis=1)
    finite = (at_zero < 0) & (at_infinity > 0)
    lo, hi = np.zeros(len(z2)), np.ones(len(z2))
    while np.any(rising := finite & (slope(hi) <= 0)):
        lo, hi = np.where(rising, hi, lo), np.where(rising, 2 * hi, hi)
    while True:  # bisection down to adjacent floats
        mid = lo + (hi - lo) / 2
        open_ = finite & (mid > lo) & (mid < hi)
        if not open_.any():
            break
        below = slope(mid) < 0
        lo = np.where(open_ & below, mid, lo)
        hi = np.where(open_ & ~below, mid, hi)
    with np.errstate(divide="ignore"):
        temperature = np.where(
            finite, 1 / hi, np.where(at_zero >= 0, np.inf, 0.0)
        )
    return float(temperature[0]) if t.ndim == 1 else temperature


# ------------------------------------------------------------- descent


class Descent(NamedTuple):
    """What :func:`descend_logistic` records.

    The curves have shape ``(epochs, *runs)``, one value per epoch and run;
    the weights have shape ``(*runs, d + 1)``, the ``d`` feature weights then
    the intercept (as :func:`fit_logistic` returns them).  A ``Descent``
    unpacks like a tuple, in this order.
    """

    train_loss: FloatArray
    """The mean log loss on the training data after each epoch."""
    val_loss: FloatArray
    """The mean log loss on the validation data after each epoch."""
    train_accuracy: FloatArray
    """The share of training samples classified right after each epoch."""
    val_accuracy: FloatArray
    """The share of validation samples classified right after each epoch."""
    weights: FloatArray
    """The weights after the last epoch."""
    best_weights: FloatArray
    """The weights after the epoch of the lowest validation loss (the first,
    on a tie): early stopping with unlimited patience."""


def score_logistic(
    X: ArrayLike, y: ArrayLike, *, weights: ArrayLike
) -> tuple[float | FloatArray, float | FloatArray]:
    r"""The mean log loss and the accuracy of logistic-regression weights on
    each data set: with the logits :math:`z_i = x_i \cdot w + b`,

    .. math:: \frac1n \sum_{i=1}^n \ell(y_i, z_i), \qquad
              \frac1n \sum_{i=1}^n \big[\, [z_i > 0] = y_i \,\big]

    with :math:`\ell` the binary cross-entropy from logits
    (:func:`lossbook.binary_cross_entropy_with_logits`); a logit of exactly
    0 counts as a prediction of class 0.  The leading axes of ``X``, ``y``
    and ``weights`` broadcast, so one call scores many weights on many data
    sets.

    Args:
        X: features, shape ``(..., n, d)``.
        y: 0/1 labels, shape ``(..., n)``.
        weights: shape ``(..., d + 1)``, the feature weights then the
            intercept, as :func:`fit_logistic` and :func:`descend_logistic`
            return them.

    Returns:
        ``(loss, accuracy)``: floats for a single data set and weights, else
        arrays of the broadcast leading shape.

    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> loss, accuracy = score_logistic(X, [0, 1, 0, 1], weights=[1.0, -1.5])
    >>> round(loss, 6), accuracy  # logits -1.5, -0.5, 0.5 and 1.5
    (0.587745, 0.5)
    """
    A = _features(X, "X")
    t = _labels(y, "y", A, "X")
    w = as_float_array(weights, "weights").astype(np.float64)
    if w.ndim == 0 or w.shape[-1] != A.shape[-1] + 1:
        raise ValueError(
            f"weights must end in {A.shape[-1] + 1} values (the {A.shape[-1]} "
            f"weights of X's features, then the intercept), got shape "
            f"{w.shape}"
        )
    _runs(X=A.shape[:-2], y=t.shape[:-1], weights=w.shape[:-1])
    loss, accuracy = _score(_with_intercept(A), t, w)
    if loss.ndim == 0:
        return float(loss), float(accuracy)
    return loss, accuracy


def descend_logistic(
    X: ArrayLike,
    y: ArrayLike,
    *,
    eval_set: tuple[ArrayLike, ArrayLike],
    step_scale: ArrayLike = 1.0,
    l2: ArrayLike = 0.0,
    label_smoothing: ArrayLike = 0.0,
    epochs: int = 2000,
) -> Descent:
    r"""Full-batch gradient descent of logistic regression for many runs at
    once, recording the training and validation curves after every epoch.

    From zero weights, each run takes the steps of
    :class:`lossbook.LogisticRegression` (log loss, full batch): with
    :math:`\tilde x_i = (x_i, 1)` and the smoothed labels
    :math:`t_i = (1 - \varepsilon)\, y_i + \varepsilon / 2`,

    .. math:: v \leftarrow v - \eta \Big( \frac1n \sum_{i=1}^n
              \big(\sigma(\tilde x_i \cdot v) - t_i\big)\, \tilde x_i
              + \lambda\, (w, 0) \Big), \qquad
              \eta = \frac{s}{\lVert \tilde X \rVert_2^2 / (4 n) + \lambda}

    where :math:`v = (w, b)`, :math:`s` is ``step_scale`` and
    :math:`\eta` at :math:`s = 1` is LogisticRegression's default step
    :math:`1/L`, with :math:`L` a bound on the curvature of the objective
    (the penalised mean log loss of the smoothed labels, which any
    :math:`s < 2` lowers at every epoch).
    After each epoch it records, on the training and on the validation data,
    the mean log loss of the labels :math:`y` (without the penalty and the
    smoothing: what :func:`score_logistic` measures) and the accuracy, and
    it keeps each run's weights at its lowest validation loss.

    The runs are the broadcast of the leading axes of ``X``, ``y``, the
    validation data and the three options: ``X`` of shape ``(sets, n, d)``
    with ``l2`` of shape ``(k, 1)`` trains every one of ``k`` penalties on
    every set, ``(k, sets)`` runs.  Every run is computed on its own, as a
    separate call would compute it; float32 input is computed in float64.

    Args:
        X: training features, shape ``(..., n, d)``.
        y: 0/1 training labels, shape ``(..., n)``.
        eval_set: the validation data ``(X_val, y_val)``, of shapes
            ``(..., m, d)`` and ``(..., m)``.
        step_scale: :math:`s > 0`, the step as a multiple of the default.
        l2: the penalty :math:`\lambda \ge 0` on the weights (not the
            intercept).
        label_smoothing: :math:`\varepsilon \in [0, 1]`, for the training
            targets only.
        epochs: the number of steps, at least 1.

    Returns:
        A :class:`Descent`: four curves of shape ``(epochs, *runs)``, the
        last weights and the best weights, of shape ``(*runs, d + 1)``.

    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = [0, 0, 1, 1]
    >>> run = descend_logistic(X, y, eval_set=(X, y), epochs=3)
    >>> np.round(run.train_loss, 4), run.train_accuracy
    (array([0.5484, 0.5094, 0.4762]), array([0.75, 0.75, 0.75]))
    >>> runs = descend_logistic(X, y, eval_set=(X, y), l2=[0.0, 0.1], epochs=3)
    >>> runs.val_loss.shape, runs.weights.shape  # two runs
    ((3, 2), (2, 2))
    """
    A = _features(X, "X")
    t = _labels(y, "y", A, "X")
    try:
        X_val, y_val = eval_set
    except (TypeError, ValueError):
        raise ValueError("eval_set must be a pair (X_val, y_val)") from None
    V = _features(X_val, "X_val")
    if V.shape[-1] != A.shape[-1]:
        raise ValueError(
            f"X_val has {V.shape[-1]} features but X has {A.shape[-1]}"
        )
    t_val = _labels(y_val, "y_val", V, "X_val")
    scale = _option(step_scale, "step_scale", low=0, low_open=True)
    lam = _option(l2, "l2", low=0)
    eps = _option(label_smoothing, "label_smoothing", low=0, high=1)
    epochs = check_integer(epochs, "epochs", low=1)
    runs = _runs(
        X=A.shape[:-2],
        y=t.shape[:-1],
        X_val=V.shape[:-2],
        y_val=t_val.shape[:-1],
        step_scale=scale.shape,
        l2=lam.shape,
        label_smoothing=eps.shape,
    )
    n_runs = math.prod(runs)

    def flat(a: FloatArray, tail: int) -> FloatArray:
        """``a`` broadcast to the runs, one run per row."""
        shape = runs + a.shape[a.ndim - tail :]
        return np.broadcast_to(a, shape).reshape(n_runs, *shape[len(runs) :])

    F, F_val = _with_intercept(flat(A, 2)), _with_intercept(flat(V, 2))
    t, t_val = flat(t, 1), flat(t_val, 1)
    scale, lam, eps = flat(scale, 0), flat(lam, 0), flat(eps, 0)
    n, d = F.shape[1:]
    step = scale / (
        0.25 * np.linalg.norm(F, ord=2, axis=(1, 2)) ** 2 / n + lam
    )
    penalty = lam[:, None] * (np.arange(d) < d - 1)  # not the intercept
    target = (1 - eps[:, None]) * t + eps[:, None] / 2
    w = best = np.zeros((n_runs, d))
    curves, best_val = np.empty((4, epochs, n_runs)), np.full(n_runs, np.inf)
    for epoch in range(epochs):
        z = np.einsum("...nd,...d->...n", F, w)
        dz = binary_cross_entropy_with_logits_gradient(target, z)
        grad = np.einsum("rnd,rn->rd", F, dz) / n + penalty * w
        w = w - step[:, None] * grad
        curves[0::2, epoch] = _score(F, t, w)
        curves[1::2, epoch] = _score(F_val, t_val, w)
        val = curves[1, epoch]
        best = np.where((val < best_val)[:, None], w, best)
        best_val = np.fmin(val, best_val)
    train_loss, val_loss, train_accuracy, val_accuracy = curves.reshape(
        4, epochs, *runs
    )
    return Descent(
        train_loss,
        val_loss,
        train_accuracy,
        val_accuracy,
        w.reshape(*runs, d),
        best.reshape(*runs, d),
    )


def _features(X: ArrayLike, name: str) -> FloatArray:
    """Features of shape (..., n, d), as float64."""
    A = as_float_array(X, name).astype(np.float64)
    if A.ndim < 2:
        raise ValueError(
            f"{name} must have at least 2 dimensions (samples, features), "
            f"got shape {A.shape}"
        )
    return A


def _labels(y: ArrayLike, name: str, A: FloatArray, x_name: str) -> FloatArray:
    """0/1 labels of shape (..., n), one per sample of ``A``."""
    t = check_hard_labels(as_float_array(y, name), name).astype(np.float64)
    if t.shape[-1] != A.shape[-2]:
        raise ValueError(
            f"{name} has {t.shape[-1]} labels per data set but {x_name} has "
            f"{A.shape[-2]} samples"
        )
    return t


def _option(
    value: ArrayLike,
    name: str,
    *,
    low: float,
    high: float = np.inf,
    low_open: bool = False,
) -> FloatArray:
    """An option given for every run (a number or an array of them), each
    checked as :func:`check_scalar` checks a number."""
    a = as_float_array(value, name).astype(np.float64)
    bad = ((a <= low) if low_open else (a < low)) | (a > high)
    if bad.any():  # the first bad value, reported as check_scalar reports it
        check_scalar(a[bad][0], name, low=low, high=high, low_open=low_open)
    return a


def _runs(**shapes: tuple[int, ...]) -> tuple[int, ...]:
    """The broadcast of the leading shapes of the named arguments."""
    try:
        return tuple(np.broadcast_shapes(*shapes.values()))
    except ValueError:
        given = ", ".join(f"{k} {v}" for k, v in shapes.items())
        raise ValueError(
            f"the leading shapes of the arguments do not broadcast: {given}"
        ) from None


def _with_intercept(A: FloatArray) -> FloatArray:
    """``A`` with a last column of ones, for the intercept."""
    return np.concatenate([A, np.ones((*A.shape[:-1], 1))], axis=-1)


def _score(
    F: FloatArray, t: FloatArray, w: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The mean log loss and accuracy of the weights ``w`` on the features
    ``F`` (their last column the intercept's ones) and labels ``t``."""
    z = np.einsum("...nd,...d->...n", F, w)
    shape = np.broadcast_shapes(z.shape, t.shape)
    z, t = np.broadcast_to(z, shape), np.broadcast_to(t, shape)
    losses = binary_cross_entropy_with_logits(t, z, reduction="none")
    return np.mean(losses, axis=-1), np.mean((z > 0) == t, axis=-1)
