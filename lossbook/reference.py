r"""Exact reference values, for measuring how accurate a computation is.

The one mpmath reference of the book: the tests, ``make bench`` and the
*Numerics* appendix all measure against it.  mpmath is imported only when a
function here is called (``pip install mpmath``); the working precision is
set for each call, in a context, and never changed globally.

An error is measured in units in the last place (ulp) of the dtype under
test: the distance to the exact value divided by the spacing of that dtype's
numbers next to the exact value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._typing import ArrayLike, FloatArray
from ._validation import as_float_array, check_in_unit_interval, check_integer

DIGITS = 60
"""Significant decimal digits of the reference, far beyond float64's 16."""


def _mpmath() -> Any:
    try:
        import mpmath
    except ImportError:  # pragma: no cover - mpmath is in the book's pins
        raise ImportError(
            "lossbook.reference needs mpmath: pip install mpmath"
        ) from None
    return mpmath


def binary_cross_entropy_with_logits(
    y_true: ArrayLike, logits: ArrayLike, *, digits: int = DIGITS
) -> list[Any]:
    r"""The exact binary cross-entropy of each logit, as mpmath numbers.

    .. math:: \ell(y, z) = y \log(1 + e^{-z}) + (1 - y) \log(1 + e^{z})

    evaluated with ``digits`` significant digits, for the labels and logits
    exactly as given (a float32 input is its exact binary value).

    Args:
        y_true: labels or targets in [0, 1].
        logits: real-valued scores, same shape.
        digits: working precision in significant decimal digits.

    Returns:
        A flat list of mpmath numbers, one per element.

    >>> [float(v) for v in binary_cross_entropy_with_logits([1, 0], [0.0, -60.0])]
    [0.6931471805599453, 8.75651076269652e-27]
    """
    mpmath = _mpmath()
    digits = check_integer(digits, "digits", low=1)
    y = check_in_unit_interval(
        as_float_array(y_true, "y_true"), "y_true"
    ).ravel()
    z = as_float_array(logits, "logits").ravel()
    if y.shape != z.shape:
        raise ValueError(
            f"y_true and logits must have the same size, got {y.size} and {z.size}"
        )
    with mpmath.workdps(digits):

        def softplus(t: Any) -> Any:
            return mpmath.log1p(mpmath.exp(t))

        return [
            mpmath.mpf(float(label)) * softplus(-mpmath.mpf(float(logit)))
            + (1 - mpmath.mpf(float(label)))
            * softplus(mpmath.mpf(float(logit)))
            for label, logit in zip(y, z, strict=True)
        ]


def ulp_errors(
    computed: ArrayLike, exact: list[Any], dtype: Any = np.float64
) -> FloatArray:
    """Error of each computed value in ulp of ``dtype``; inf where it is not finite.

    Args:
        computed: the values to judge, any shape (flattened).
        exact: the exact values, as :func:`binary_cross_entropy_with_logits`
            returns them (same number of elements).
        dtype: the floating-point type whose ulp is the unit.

    Returns:
        A float64 array of errors in ulp, one per element.

    >>> exact = binary_cross_entropy_with_logits([1], [0.0])
    >>> ulp_errors([0.6931471805599453], exact)
    array([0.2...])
    """
    mpmath = _mpmath()
    got = np.asarray(computed, dtype=np.float64).ravel()
    if got.size != len(exact):
        raise ValueError(
            f"computed has {got.size} values but exact has {len(exact)}"
        )
    with mpmath.workdps(DIGITS):
        exact_in_dtype = np.array([float(e) for e in exact], dtype=dtype)
        spacing = np.spacing(np.abs(exact_in_dtype)).astype(np.float64)
        distance = np.array(
            [
                float(abs(mpmath.mpf(float(g)) - e))
                if np.isfinite(g)
                else np.inf
                for g, e in zip(got, exact, strict=True)
            ]
        )
    return distance / spacing


def max_ulp_error(
    form: Callable[[FloatArray, FloatArray], ArrayLike],
    y_true: ArrayLike,
    logits: ArrayLike,
    dtype: Any = np.float64,
) -> float:
    """Largest error, in ulp of ``dtype``, of ``form(y, z)`` computing binary
    cross-entropy from logits, over the given labels and logits cast to
    ``dtype``.

    >>> import lossbook
    >>> y, z = np.array([0.0, 1.0]), np.array([-30.0, 30.0])
    >>> form = lambda y, z: lossbook.binary_cross_entropy_with_logits(
    ...     y, z, reduction="none")
    >>> max_ulp_error(form, y, z) <= 1
    True
    """
    y = np.asarray(y_true).astype(dtype)
    z = np.asarray(logits).astype(dtype)
    return float(
        np.max(
            ulp_errors(
                form(y, z), binary_cross_entropy_with_logits(y, z), dtype
            )
        )
    )
