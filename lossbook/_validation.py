"""Input checks shared by every function in :mod:`lossbook`.

The loss modules keep only the mathematics; everything that can go wrong with
the caller's input is detected here and reported as a ``ValueError`` whose
message names the argument and the problem.  The helpers return clean NumPy
arrays (never modifying their input) so the math that follows can be written
without special cases.
"""

from __future__ import annotations

import warnings

import numpy as np

from ._typing import ArrayLike, FloatArray, IntArray

REDUCTIONS = ("mean", "sum", "none")


def as_float_array(
    x: object,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    allow_minus_inf: bool = False,
) -> FloatArray:
    """Return ``x`` as a non-empty, finite floating-point array.

    Float32 input stays float32 (so precision can be studied); anything else
    becomes float64.  With ``allow_minus_inf``, -inf is accepted (a logit
    that masks its class out, as SciPy and PyTorch allow); NaN and +inf never.

    >>> as_float_array([1, 2], "y_true")
    array([1., 2.])
    >>> as_float_array([0.0, -np.inf], "logits", allow_minus_inf=True)
    array([  0., -inf])
    """
    try:
        arr = np.asarray(x)
        complex_values = np.iscomplexobj(arr)
        if not complex_values and not np.issubdtype(arr.dtype, np.floating):
            arr = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {x!r}") from None
    if complex_values:  # NumPy would drop the imaginary part with a warning
        raise ValueError(f"{name} must be real, got complex values")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if ndim is not None and arr.ndim not in np.atleast_1d(ndim):
        raise ValueError(
            f"{name} must have {ndim} dimension(s), got shape {arr.shape}"
        )
    finite = np.isfinite(arr)
    if allow_minus_inf:
        finite |= arr == -np.inf
    if not np.all(finite):
        allowed = " or +infinity" if allow_minus_inf else " or infinity"
        raise ValueError(f"{name} contains NaN{allowed}")
    return arr


def check_in_unit_interval(arr: FloatArray, name: str) -> FloatArray:
    """Raise unless every value of ``arr`` lies in [0, 1]."""
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(
            f"{name} must lie in [0, 1], got values from {arr.min():g} to {arr.max():g}"
        )
    return arr


def check_hard_labels(arr: FloatArray, name: str) -> FloatArray:
    """Raise unless every value of ``arr`` is 0 or 1."""
    if not np.all((arr == 0) | (arr == 1)):
        bad = arr[(arr != 0) & (arr != 1)][0]
        raise ValueError(f"{name} must contain only 0 and 1, found {bad:g}")
    return arr


def check_same_shape(
    a: np.ndarray, b: np.ndarray, name_a: str, name_b: str
) -> None:
    """Raise unless ``a`` and ``b`` have the same shape, naming both."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_scalar(
    value: object,
    name: str,
    *,
    low: float,
    high: float,
    low_open: bool = False,
) -> float:
    """Return ``value`` as a float, raising unless it lies in the given interval.

    >>> check_scalar(0.1, "label_smoothing", low=0, high=1)
    0.1
    """
    try:
        number = float(value)  # type: ignore[arg-type]  # a TypeError if not
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    too_low = number <= low if low_open else number < low
    if too_low or number > high or np.isnan(number):
        left = "(" if low_open else "["
        raise ValueError(
            f"{name} must lie in {left}{low:g}, {high:g}], got {number:g}"
        )
    return number


def check_integer(
    value: object, name: str, *, low: float, high: float = np.inf
) -> int:
    """Return ``value`` as an int, raising unless it is a whole number in
    [low, high].

    >>> check_integer(10, "n_bins", low=1)
    10
    """
    number = check_scalar(value, name, low=low, high=high)
    if isinstance(value, bool) or number != int(number):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    return int(number)


def check_weights(
    weights: object,
    name: str,
    *,
    length: int | None = None,
    what: str = "entries",
    nonzero_sum: bool = False,
) -> FloatArray:
    """Return ``weights`` as a float array of non-negative numbers, raising
    unless it has ``length`` entries (when given) and, with ``nonzero_sum``,
    unless they add up to more than zero.

    >>> check_weights([1, 2], "class_weight", length=2)
    array([1., 2.])
    """
    w = as_float_array(weights, name, ndim=None if length is None else 1)
    if length is not None and w.shape[0] != length:
        raise ValueError(
            f"{name} has {w.shape[0]} entries but there are {length} {what}"
        )
    if w.min() < 0:
        raise ValueError(f"{name} must be non-negative")
    if nonzero_sum and w.sum() == 0:
        raise ValueError(f"{name} sums to zero")
    return w


def check_reduction(reduction: str) -> str:
    """Raise unless ``reduction`` is one of "mean", "sum" or "none"."""
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"reduction must be one of {REDUCTIONS}, got {reduction!r}"
        )
    return reduction


def check_sample_weight(
    sample_weight: object, n_samples: int
) -> FloatArray | None:
    """Return a float array of ``n_samples`` non-negative weights, or ``None``."""
    if sample_weight is None:
        return None
    return check_weights(
        sample_weight,
        "sample_weight",
        length=n_samples,
        what="samples",
        nonzero_sum=True,
    )


def check_class_labels(
    y: object, name: str, n_classes: int | None = None
) -> IntArray:
    """Return ``y`` as a 1-D integer array of class labels 0, 1, ..., n_classes - 1.

    >>> check_class_labels([0, 2, 1.0], "y_true", 3)
    array([0, 2, 1])
    """
    arr = np.asarray(y)
    if arr.dtype.kind not in "biuf":
        raise ValueError(
            f"{name} must hold integer class labels, got dtype {arr.dtype}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array of class labels, got shape {arr.shape}"
        )
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} contains NaN or infinity")
        if not np.all(arr == np.round(arr)):
            raise ValueError(
                f"{name} must hold integer class labels, found {arr[arr != np.round(arr)][0]:g}"
            )
    arr = arr.astype(np.int64)
    if arr.min() < 0:
        raise ValueError(
            f"{name} must hold class labels >= 0, found {arr.min()}"
        )
    if n_classes is not None and arr.max() >= n_classes:
        raise ValueError(
            f"{name} holds class label {arr.max()} but there are only {n_classes} classes "
            f"(labels 0 to {n_classes - 1})"
        )
    return arr


def check_distribution(
    arr: FloatArray, name: str, axis: int = -1
) -> FloatArray:
    """Raise unless ``arr`` holds probabilities that sum to 1 along ``axis``."""
    check_in_unit_interval(arr, name)
    sums = arr.sum(axis=axis)
    tol = np.sqrt(np.finfo(arr.dtype).eps)
    bad = np.abs(sums - 1) > tol
    if np.any(bad):
        worst = np.asarray(sums)[bad].ravel()[0]
        raise ValueError(
            f"{name} must sum to 1 along axis {axis}, found a sum of {worst:.6g}"
        )
    return arr


def targets_and_prediction(
    y_true: object, prediction: object, prediction_name: str
) -> tuple[FloatArray, FloatArray]:
    """Validated targets in [0, 1] and a prediction of the same shape."""
    y = check_in_unit_interval(as_float_array(y_true, "y_true"), "y_true")
    x = as_float_array(prediction, prediction_name)
    check_same_shape(y, x, "y_true", prediction_name)
    return y, x


def target_rows(
    y_true: object, shape: tuple[int, ...]
) -> tuple[FloatArray, IntArray | None]:
    """``y_true`` as an (n, k) array of target rows: one-hot for integer labels,
    otherwise validated probability rows of the given shape."""
    n, k = shape
    y = np.asarray(y_true)
    if y.ndim == 1:
        if y.shape[0] != n:
            raise ValueError(
                f"y_true has {y.shape[0]} labels but the predictions have {n} rows "
                f"(shapes {y.shape} and {shape})"
            )
        labels = check_class_labels(y, "y_true", k)
        return np.eye(k)[labels], labels
    rows = as_float_array(y, "y_true", ndim=2)
    if rows.shape != shape:
        raise ValueError(
            f"y_true and the predictions must have the same shape, got {rows.shape} and {shape}"
        )
    return check_distribution(rows, "y_true"), None


def check_not_all_minus_inf(
    arr: np.ndarray, name: str, *, axis: int = -1
) -> np.ndarray:
    """Raise if some slice of ``arr`` along ``axis`` is -inf throughout: the
    softmax of such a slice is 0/0 (every class masked out).

    >>> check_not_all_minus_inf(np.array([[0.0, -np.inf]]), "logits")
    array([[  0., -inf]])
    """
    if np.any(np.all(arr == -np.inf, axis=axis)):
        raise ValueError(
            f"{name} is -inf throughout a slice along axis {axis}: every class "
            "is masked out, so its softmax is 0/0"
        )
    return arr


def targets_and_logits(
    y_true: object, logits: object
) -> tuple[np.ndarray, np.ndarray]:
    """Validated targets in [0, 1] and logits of the same shape, where a
    logit may be -inf (a prediction that rules the positive class out), never
    NaN or +inf.

    >>> targets_and_logits([0, 1], [-np.inf, 2.0])
    (array([0., 1.]), array([-inf,   2.]))
    """
    y = check_in_unit_interval(as_float_array(y_true, "y_true"), "y_true")
    z = as_float_array(logits, "logits", allow_minus_inf=True)
    check_same_shape(y, z, "y_true", "logits")
    return y, z


def labels_comparable(a: np.dtype, b: np.dtype) -> bool:
    """Whether labels of dtypes ``a`` and ``b`` can be compared for equality:
    both numbers (bool, integer, float), both text of one kind, or either
    Python objects.

    Asked before any comparison, so that a string is never compared with a
    number: NumPy 1.26 warns (``FutureWarning``) and returns a scalar where
    NumPy 2 returns an array of False.

    >>> labels_comparable(np.dtype(int), np.dtype(bool))
    True
    >>> labels_comparable(np.dtype(int), np.dtype(str))
    False
    """
    kinds = {"number" if d.kind in "biuf" else d.kind for d in (a, b)}
    return len(kinds) == 1 or "O" in kinds


def class_targets(
    y_true: ArrayLike,
    labels: ArrayLike | None,
    shape: tuple[int, int],
    prob_name: str,
) -> np.ndarray:
    """``y_true`` checked against ``(n, k)`` probabilities whose columns are
    the sorted class labels (the order of scikit-learn's ``LabelBinarizer``).

    ``y_true`` holds one label per sample, of any sortable type (numbers,
    strings), the classes being ``labels`` or else the labels ``y_true``
    shows: the result is each sample's column, shape ``(n,)``.  Or it is an
    ``(n, k)`` 0/1 indicator matrix, one column per class, with any number
    of 1s per row (multi-label targets): the result is that matrix as
    booleans.  ``labels`` not in sorted order give a ``UserWarning``, as in
    scikit-learn: the columns stay the sorted labels.

    >>> class_targets(["b", "a", "b"], None, (3, 2), "y_prob")
    array([1, 0, 1])
    >>> class_targets([[1, 1], [0, 1]], None, (2, 2), "y_prob")
    array([[ True,  True],
           [False,  True]])
    """
    n, k = shape
    y = np.asarray(y_true)
    if y.ndim == 2:
        return _indicator_rows(y, labels, shape, prob_name)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(
            "y_true must be a non-empty 1-D array of labels or an (n, k) "
            f"indicator matrix, got shape {y.shape}"
        )
    _check_n_samples(y.shape[0], n, prob_name)
    if y.dtype.kind == "f" and np.isnan(y).any():
        raise ValueError("y_true contains NaN")
    given = None if labels is None else _class_labels(labels)
    if given is not None and not np.array_equal(given, np.asarray(labels)):
        warnings.warn(
            f"labels {np.asarray(labels).tolist()} are not in sorted order; "
            f"the columns of {prob_name} are taken to be the sorted labels "
            f"{given.tolist()}, as scikit-learn does: pass "
            f"labels={given.tolist()} with the columns in that order",
            UserWarning,
            stacklevel=3,
        )
    classes, index = _encode_labels(y, given)
    source = "y_true" if labels is None else "labels"
    if classes.size < 2:
        raise ValueError(
            f"{source} contains only one label ({classes[0].tolist()!r}); "
            "pass all class labels through labels="
        )
    unknown = index < 0
    if unknown.any():
        raise ValueError(
            f"y_true contains labels not in labels: {y[unknown][:5].tolist()}"
        )
    if classes.size != k:
        hint = "; pass all class labels through labels="
        raise ValueError(
            f"{prob_name} has {k} columns but there are {classes.size} classes "
            f"{classes.tolist()}{hint if labels is None else ''}"
        )
    return index


def _check_n_samples(n_true: int, n: int, prob_name: str) -> None:
    """Raise unless ``y_true`` and the probabilities have as many rows."""
    if n_true != n:
        raise ValueError(
            f"y_true and {prob_name} have inconsistent numbers of samples: "
            f"{n_true} and {n}"
        )


def _indicator_rows(
    y: np.ndarray,
    labels: ArrayLike | None,
    shape: tuple[int, int],
    prob_name: str,
) -> np.ndarray:
    """A 0/1 indicator matrix ``y_true`` checked against ``shape``."""
    if labels is not None:
        raise ValueError(
            "labels applies to 1-D y_true; the columns of an (n, k) "
            "indicator matrix y_true are its classes"
        )
    rows = check_hard_labels(as_float_array(y, "y_true", ndim=2), "y_true")
    _check_n_samples(rows.shape[0], shape[0], prob_name)
    if rows.shape[1] != shape[1]:
        raise ValueError(
            f"y_true has {rows.shape[1]} column(s) but {prob_name} has "
            f"{shape[1]}"
        )
    return rows == 1


def _class_labels(labels: ArrayLike) -> np.ndarray:
    """``labels`` sorted, raising for repeated or unsortable labels."""
    given = np.asarray(labels)
    if given.ndim != 1 or given.size == 0:
        raise ValueError(
            f"labels must be a non-empty 1-D array, got shape {given.shape}"
        )
    if given.dtype.kind == "f" and np.isnan(given).any():
        raise ValueError("labels contains NaN")
    classes, counts = unique_labels(given, "labels")
    if classes.size < given.size:
        raise ValueError(
            f"labels repeats {classes[counts > 1].tolist()}: each label "
            "names one column"
        )
    return classes


def unique_labels(y: np.ndarray, name: str) -> tuple[np.ndarray, IntArray]:
    """Sorted distinct labels of ``y`` and how often each occurs, raising
    for labels that do not sort together.

    >>> unique_labels(np.array(["b", "a", "b"]), "y_true")
    (array(['a', 'b'], dtype='<U1'), array([1, 2]))
    """
    try:
        return np.unique(y, return_counts=True)
    except TypeError:
        raise ValueError(
            f"{name} mixes labels that cannot be sorted together "
            "(numbers and strings?)"
        ) from None


def _encode_labels(
    y: np.ndarray, classes: np.ndarray | None
) -> tuple[np.ndarray, IntArray]:
    """Sorted classes (``classes``, or those of ``y``) and each sample's
    index into them, -1 for a label not among them."""
    integers = y.dtype.kind in "bi" or (
        y.dtype.kind == "u" and y.dtype.itemsize < 8
    )
    if integers and (classes is None or classes.dtype.kind in "biu"):
        lo, hi = int(y.min()), int(y.max())
        # a lookup table no longer than the data
        if hi - lo <= max(y.size, 1024):
            return _encode_integers(y, lo, hi, classes)
    return _encode_sorted(y, classes)


def _encode_integers(
    y: np.ndarray, lo: int, hi: int, classes: np.ndarray | None
) -> tuple[np.ndarray, IntArray]:
    """O(n) encoding of integer labels from ``lo`` to ``hi`` with a lookup
    table (no sorting)."""
    offset = y.astype(np.int64) - lo
    if classes is None:
        classes = lo + np.flatnonzero(np.bincount(offset))
    # the position in classes of each value lo..hi
    table = np.full(hi - lo + 1, -1)
    inside = (classes >= lo) & (classes <= hi)
    table[classes[inside] - lo] = np.flatnonzero(inside)
    return classes, table[offset]


def _encode_sorted(
    y: np.ndarray, classes: np.ndarray | None
) -> tuple[np.ndarray, IntArray]:
    """Encoding of labels of any sortable type, by binary search; labels of
    another kind than ``classes`` (strings against numbers) are unknown
    without being compared."""
    if classes is None:
        classes, _ = unique_labels(y, "y_true")
    if not labels_comparable(y.dtype, classes.dtype):
        return classes, np.full(y.shape, -1)
    try:
        index = np.searchsorted(classes, y).clip(0, classes.size - 1)
    except TypeError:  # Python objects that do not sort against classes
        return classes, np.full(y.shape, -1)
    return classes, np.where(classes[index] == y, index, -1)
