"""Accuracy of three ways to compute binary cross-entropy from a logit.

Shared by the benchmark (``make bench``) and the *Numerics* appendix, which
runs it live at a small size. The reference is computed with mpmath at 60
significant digits; errors are measured in units in the last place (ulp) of
the dtype under test.
"""

import mpmath
import numpy as np

import lossbook

mpmath.mp.dps = 60


def naive(y, z):
    """-(y log s + (1 - y) log(1 - s)) with s = sigmoid(z): the formula as written."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        s = 1 / (1 + np.exp(-z))
        return -(y * np.log(s) + (1 - y) * np.log(1 - s))


def textbook(y, z):
    """(1 - y) z - log sigmoid(z), with a stable log sigmoid: the usual "stable" form.

    It never overflows, but for y = 0 and z << 0 it subtracts two nearly equal
    numbers (z and log sigmoid(z) ~ z), and the tiny true loss is lost.
    """
    return (1 - y) * z - lossbook.log_sigmoid(z)


def library(y, z):
    """lossbook's form: y softplus(-z) + (1 - y) softplus(z), element by element."""
    return lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")


FORMS = {"naive": naive, "textbook": textbook, "lossbook": library}


def reference(y, z):
    """The exact loss, from mpmath, for labels 0/1 and logits given exactly."""

    def one(label, logit):
        logit = mpmath.mpf(float(logit))
        return mpmath.log1p(mpmath.exp(-logit if label else logit))

    return [one(label, logit) for label, logit in zip(y, z, strict=True)]


def ulp_errors(form, y, z, dtype):
    """|form(y, z) - exact| in ulp of ``dtype``, with inf where the form is not finite."""
    y, z = y.astype(dtype), z.astype(dtype)
    exact = reference(y, z)
    got = form(y, z)
    exact_in_dtype = np.array([float(e) for e in exact], dtype=dtype)
    spacing = np.spacing(np.abs(exact_in_dtype)).astype(np.float64)
    errors = np.array(
        [
            float(abs(mpmath.mpf(float(g)) - e))
            for g, e in zip(got, exact, strict=True)
        ]
    )
    return np.where(np.isfinite(got), errors / spacing, np.inf)


def grid(n_points):
    """Logits spread evenly over [-700, 700], each with both labels."""
    z = np.linspace(-700, 700, n_points)
    return np.concatenate(
        [np.zeros(n_points), np.ones(n_points)]
    ), np.concatenate([z, z])
