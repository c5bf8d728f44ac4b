"""Three ways to compute binary cross-entropy from a logit, and the logits to
judge them on.

Used by the benchmark (``make bench``), which measures each against the exact
reference :func:`lossbook.reference.max_ulp_error` (mpmath at 60 significant
digits, the precision set in a context for each call), in units in the last
place (ulp) of the dtype under test.
"""

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

import lossbook

FloatArray = NDArray[np.floating]


def naive(y: FloatArray, z: FloatArray) -> FloatArray:
    """-(y log s + (1 - y) log(1 - s)) with s = sigmoid(z): the formula as written."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        s = 1 / (1 + np.exp(-z))
        result: FloatArray = -(y * np.log(s) + (1 - y) * np.log(1 - s))
        return result


def textbook(y: FloatArray, z: FloatArray) -> FloatArray:
    """(1 - y) z - log sigmoid(z), with a stable log sigmoid: the usual "stable" form.

    It never overflows, but for y = 0 and z << 0 it subtracts two nearly equal
    numbers (z and log sigmoid(z) ~ z), and the tiny true loss is lost.
    """
    result: FloatArray = (1 - y) * z - lossbook.log_sigmoid(z)
    return result


def library(y: FloatArray, z: FloatArray) -> ArrayLike:
    """lossbook's form: y softplus(-z) + (1 - y) softplus(z), element by element."""
    return lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")


FORMS: dict[str, Callable[[FloatArray, FloatArray], ArrayLike]] = {
    "naive": naive,
    "textbook": textbook,
    "lossbook": library,
}


def grid(n_points: int) -> tuple[FloatArray, FloatArray]:
    """Logits spread evenly over [-700, 700], each with both labels."""
    z = np.linspace(-700, 700, n_points)
    return np.concatenate(
        [np.zeros(n_points), np.ones(n_points)]
    ), np.concatenate([z, z])
