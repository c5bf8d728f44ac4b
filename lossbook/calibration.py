"""Calibration: the Brier score, reliability curves and the expected calibration error."""

from __future__ import annotations

import numbers
from typing import Literal

import numpy as np

from ._reduction import reduce
from ._typing import ArrayLike, FloatArray, IntArray
from ._validation import (
    as_float_array,
    check_distribution,
    check_in_unit_interval,
    check_integer,
    check_same_shape,
    class_targets,
    labels_comparable,
    target_rows,
    unique_labels,
)

PosLabel = str | float | None
"""The label of the positive class (``int`` and ``bool`` included)."""


def _default_pos_label(
    classes: np.ndarray, greater_by_default: bool
) -> object:
    """scikit-learn's positive class when ``pos_label`` is not given."""
    numbers_only = classes.dtype.kind in "biuf"
    usual = ([0, 1], [-1, 1], [0], [-1], [1])
    if numbers_only and any(np.array_equal(classes, c) for c in usual):
        return 1
    if numbers_only and greater_by_default:
        return classes[-1]
    shown = ", ".join(repr(c) for c in classes.tolist())
    raise ValueError(
        f"y_true takes values in {{{shown}}} and pos_label is not given: "
        "make y_true take values in {0, 1} or {-1, 1}, or pass pos_label "
        "(the label of the positive class)"
    )


def _positives(
    y_true: ArrayLike, pos_label: PosLabel, *, greater_by_default: bool
) -> FloatArray:
    """1.0 where ``y_true`` is the positive class, else 0.0, by
    scikit-learn's ``pos_label`` rules."""
    y = np.asarray(y_true)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(
            f"y_true must be a non-empty 1-D array of labels, got shape {y.shape}"
        )
    if y.dtype.kind == "f":
        as_float_array(y, "y_true")  # NaN and infinity
        if not np.all(y == np.round(y)):
            raise ValueError(
                f"y_true must hold class labels, found {y[y != np.round(y)][0]:g}"
            )
    classes, _ = unique_labels(y, "y_true")
    if classes.size > 2:
        raise ValueError(
            f"y_true holds {classes.size} labels {classes[:5].tolist()}, but "
            "y_prob of shape (n,) is for binary input: at most two labels"
        )
    if pos_label is None:
        return (y == _default_pos_label(classes, greater_by_default)).astype(
            np.float64
        )
    if not isinstance(
        pos_label, str | numbers.Real | np.bool_
    ) or not labels_comparable(y.dtype, np.asarray(pos_label).dtype):
        raise ValueError(
            f"pos_label {pos_label!r} cannot be a label of y_true, whose "
            f"labels are {classes.tolist()}"
        )
    return (y == pos_label).astype(np.float64)


def _binary_inputs(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    pos_label: PosLabel,
    *,
    greater_by_default: bool = False,
) -> tuple[FloatArray, FloatArray]:
    """Validated 0/1 positives and probabilities of the positive class."""
    y = _positives(y_true, pos_label, greater_by_default=greater_by_default)
    p = check_in_unit_interval(
        as_float_array(y_prob, "y_prob", ndim=1), "y_prob"
    )
    check_same_shape(y, p, "y_true", "y_prob")
    return y, p


def brier_score(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    pos_label: PosLabel = None,
    labels: ArrayLike | None = None,
    scale_by_half: bool | Literal["auto"] = "auto",
) -> float:
    r"""Brier score (Brier, 1950), as scikit-learn's ``brier_score_loss``.

    Brier's score is the mean squared error of the probability rows,
    :math:`B = \frac{1}{n}\sum_i \sum_k (\hat p_{ik} - t_{ik})^2 \in [0, 2]`,
    with :math:`t_i` the 0/1 indicator row of sample :math:`i`'s label.
    ``scale_by_half`` halves it; its default ``"auto"`` halves it for two
    classes, where it becomes the customary binary score
    :math:`\frac{1}{n}\sum_i (p_i - y_i)^2 \in [0, 1]`, and keeps
    Brier's :math:`[0, 2]` range for three classes or more.  So
    ``brier_score(y, p)`` equals ``brier_score(y, [1 - p, p])`` (up to the
    rounding of ``1 - p``).

    Args:
        y_true: labels, shape ``(n,)``.  For binary ``y_prob`` the positive
            class is ``pos_label``; for ``(n, k)`` probabilities the columns
            are the sorted labels (numbers or strings), or ``y_true`` is an
            ``(n, k)`` 0/1 label-indicator matrix.
        y_prob: probabilities (scikit-learn's ``y_proba``), shape ``(n,)`` or
            ``(n, 1)`` for the positive class's, or ``(n, k)`` with rows that
            sum to 1.
        sample_weight: optional non-negative weight per sample.
        pos_label: the positive class for binary ``y_prob``.  By default, as
            in scikit-learn: 1 if the labels are in {0, 1} or {-1, 1},
            otherwise the greater label; strings need ``pos_label``.
        labels: all class labels for ``(n, k)`` probabilities, needed when
            ``y_true`` shows fewer than ``k``; as in
            :func:`lossbook.log_loss`, the columns are the sorted labels
            whatever the order of ``labels`` (unsorted: a ``UserWarning``).
        scale_by_half: True, False or ``"auto"`` (see above).

    Returns:
        The (weighted) mean, a float.

    Deliberate differences from scikit-learn: rows of ``y_prob`` that do not
    sum to 1 raise ``ValueError`` (scikit-learn warns); ``labels`` with
    binary ``y_prob`` and ``pos_label`` with ``(n, k)`` probabilities raise
    instead of being ignored; a ``pos_label`` of another kind than the labels
    (a number for string labels) raises instead of making every sample
    negative.

    >>> round(brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 4)
    0.0375
    >>> round(brier_score(["spam", "ham", "ham", "spam"],
    ...                   [0.1, 0.9, 0.8, 0.3], pos_label="ham"), 4)
    0.0375
    >>> round(brier_score(["eggs", "ham", "spam"], [[0.8, 0.1, 0.1],
    ...                   [0.2, 0.7, 0.1], [0.2, 0.2, 0.6]]), 4)
    0.1467
    """
    if not (
        isinstance(scale_by_half, bool | np.bool_) or scale_by_half == "auto"
    ):
        raise ValueError(
            f"scale_by_half must be True, False or 'auto', got {scale_by_half!r}"
        )
    prob = np.asarray(y_prob)
    if prob.ndim == 2 and prob.shape[1] == 1:  # the positive class's column
        prob = prob[:, 0]
    if prob.ndim == 2:
        if pos_label is not None:
            raise ValueError(
                "pos_label applies to y_prob of shape (n,); the columns of "
                "(n, k) y_prob are the sorted labels (see labels=)"
            )
        p = check_distribution(
            as_float_array(prob, "y_prob", ndim=2), "y_prob", axis=1
        )
        t = class_targets(y_true, labels, p.shape, "y_prob")
        if t.ndim == 1:  # each sample's column: its one-hot row
            t = t[:, None] == np.arange(p.shape[1])
        per_sample = np.sum((p - t) ** 2, axis=1)
    else:
        if labels is not None:
            raise ValueError(
                "labels applies to (n, k) y_prob; for y_prob of shape (n,) "
                "name the positive class with pos_label="
            )
        y, p = _binary_inputs(y_true, prob, pos_label, greater_by_default=True)
        per_sample = 2 * (p - y) ** 2  # Brier's sum over the two classes
    score = float(reduce(per_sample, "mean", sample_weight))
    if scale_by_half == "auto":
        scale_by_half = prob.ndim == 1 or prob.shape[1] < 3
    return score / 2 if scale_by_half else score


def _bins(y_prob: FloatArray, n_bins: int) -> tuple[IntArray, int]:
    """Index of each probability's bin among ``n_bins`` equal-width bins of [0, 1],
    the same bins as scikit-learn's ``calibration_curve(strategy="uniform")``."""
    n_bins = check_integer(n_bins, "n_bins", low=1)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    return np.searchsorted(edges[1:-1], y_prob), n_bins


def calibration_curve(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    *,
    pos_label: PosLabel = None,
    n_bins: int = 10,
) -> tuple[FloatArray, FloatArray]:
    r"""Reliability diagram data: observed frequency against mean prediction per bin.

    [0, 1] is cut into ``n_bins`` equal-width bins; for each non-empty bin
    :math:`B` the result holds :math:`\frac{1}{|B|}\sum_{i \in B} y_i` and
    :math:`\frac{1}{|B|}\sum_{i \in B} p_i`, with :math:`y_i = 1` for the
    positive class.  Same values as scikit-learn's ``calibration_curve``
    with ``strategy="uniform"``.

    Args:
        y_true: labels of two classes, shape ``(n,)``.
        y_prob: predicted probabilities of the positive class, shape ``(n,)``.
        pos_label: the positive class.  By default, as in scikit-learn's
            ``calibration_curve``: 1 if the labels are in {0, 1} or
            {-1, 1}; any other labels (strings, {1, 2}) need ``pos_label``.
        n_bins: number of bins, at least 1 (scikit-learn's default is 5).

    Returns:
        ``(prob_true, prob_pred)``, two arrays with one entry per non-empty bin.

    Deliberate differences from scikit-learn: fractional labels such as
    0.5, which scikit-learn accepts with an explicit ``pos_label``, raise
    ``ValueError``, and so does a ``pos_label`` of another kind than the
    labels (scikit-learn then counts no positive).

    >>> calibration_curve([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], n_bins=2)
    (array([0., 1.]), array([0.15, 0.8 ]))
    >>> calibration_curve(["no", "yes"], [0.2, 0.7], pos_label="yes", n_bins=2)
    (array([0., 1.]), array([0.2, 0.7]))
    """
    y, p = _binary_inputs(y_true, y_prob, pos_label)
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


def expected_calibration_error(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    *,
    pos_label: PosLabel = None,
    n_bins: int = 10,
) -> float:
    r"""Expected calibration error over ``n_bins`` equal-width bins (Guo et al., 2017).

    .. math:: \mathrm{ECE} = \sum_{b} \frac{|B_b|}{n} \left| \bar y_b - \bar p_b \right|

    For binary input (``y_prob`` of shape ``(n,)``) :math:`\bar y_b` and
    :math:`\bar p_b` are the two values :func:`lossbook.calibration_curve` returns for
    bin :math:`b`.  For ``y_prob`` of shape ``(n, k)`` each sample contributes
    its confidence :math:`\max_k p_{ik}` and whether its argmax is its label,
    as in Guo et al.

    Args:
        y_true: labels of two classes for binary input (the positive class
            chosen as in :func:`lossbook.calibration_curve`), integer labels
            0 to k - 1 for ``(n, k)``.
        y_prob: probabilities, shape ``(n,)`` or ``(n, k)``.
        pos_label: the positive class for binary input, as in
            :func:`lossbook.calibration_curve`.
        n_bins: number of bins, at least 1.

    Returns:
        The ECE, a float in [0, 1].

    >>> y_prob = [0.1, 0.2, 0.7, 0.9]
    >>> round(expected_calibration_error([0, 0, 1, 1], y_prob, n_bins=2), 4)
    0.175
    """
    p = np.asarray(y_prob)
    if p.ndim == 2:
        if pos_label is not None:
            raise ValueError(
                "pos_label applies to y_prob of shape (n,), not to (n, k) "
                "probabilities"
            )
        p = check_distribution(as_float_array(p, "y_prob", ndim=2), "y_prob")
        _, labels = target_rows(y_true, p.shape)
        if labels is None:
            raise ValueError(
                "y_true must hold integer class labels for (n, k) probabilities"
            )
        y, p = (p.argmax(axis=1) == labels).astype(float), p.max(axis=1)
    else:
        y, p = _binary_inputs(y_true, y_prob, pos_label)
    bins, n_bins = _bins(p, n_bins)
    gap = np.bincount(bins, weights=y - p, minlength=n_bins)
    return float(np.sum(np.abs(gap)) / p.shape[0])
