"""Input checks shared by every function in :mod:`lossbook`.

The loss modules keep only the mathematics; everything that can go wrong with
the caller's input is detected here and reported as a ``ValueError`` whose
message names the argument and the problem.  The helpers return clean NumPy
arrays (never modifying their input) so the math that follows can be written
without special cases.
"""

import numpy as np

REDUCTIONS = ("mean", "sum", "none")


def as_float_array(x, name, *, ndim=None, allow_minus_inf=False):
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
        if not np.issubdtype(arr.dtype, np.floating):
            arr = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {x!r}") from None
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


def check_in_unit_interval(arr, name):
    """Raise unless every value of ``arr`` lies in [0, 1]."""
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(
            f"{name} must lie in [0, 1], got values from {arr.min():g} to {arr.max():g}"
        )
    return arr


def check_hard_labels(arr, name):
    """Raise unless every value of ``arr`` is 0 or 1."""
    if not np.all((arr == 0) | (arr == 1)):
        bad = arr[(arr != 0) & (arr != 1)][0]
        raise ValueError(f"{name} must contain only 0 and 1, found {bad:g}")
    return arr


def check_same_shape(a, b, name_a, name_b):
    """Raise unless ``a`` and ``b`` have the same shape, naming both."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_scalar(value, name, *, low, high, low_open=False):
    """Return ``value`` as a float, raising unless it lies in the given interval.

    >>> check_scalar(0.1, "label_smoothing", low=0, high=1)
    0.1
    """
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    too_low = value <= low if low_open else value < low
    if too_low or value > high or np.isnan(value):
        left = "(" if low_open else "["
        raise ValueError(
            f"{name} must lie in {left}{low:g}, {high:g}], got {value:g}"
        )
    return value


def check_integer(value, name, *, low, high=np.inf):
    """Return ``value`` as an int, raising unless it is a whole number in
    [low, high].

    >>> check_integer(10, "n_bins", low=1)
    10
    """
    number = check_scalar(value, name, low=low, high=high)
    if isinstance(value, bool) or number != int(number):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    return int(number)


def check_weights(weights, name, *, length=None, what="entries"):
    """Return ``weights`` as a float array of non-negative numbers, raising
    unless it has ``length`` entries (when given).

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
    return w


def check_reduction(reduction):
    """Raise unless ``reduction`` is one of "mean", "sum" or "none"."""
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"reduction must be one of {REDUCTIONS}, got {reduction!r}"
        )
    return reduction


def check_sample_weight(sample_weight, n_samples):
    """Return a float array of ``n_samples`` non-negative weights, or ``None``."""
    if sample_weight is None:
        return None
    w = check_weights(
        sample_weight, "sample_weight", length=n_samples, what="samples"
    )
    if w.sum() == 0:
        raise ValueError("sample_weight sums to zero")
    return w


def check_class_labels(y, name, n_classes=None):
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


def check_distribution(arr, name, axis=-1):
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


def targets_and_prediction(y_true, prediction, prediction_name):
    """Validated targets in [0, 1] and a prediction of the same shape."""
    y = check_in_unit_interval(as_float_array(y_true, "y_true"), "y_true")
    x = as_float_array(prediction, prediction_name)
    check_same_shape(y, x, "y_true", prediction_name)
    return y, x


def target_rows(y_true, shape):
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
