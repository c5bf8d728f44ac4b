"""What several of the lossbook test modules share.

Constants, the ``raises`` shorthand for the error-message tests, the
hypothesis strategies, and the PyTorch reference cases of
``tests/reference/torch_reference.json`` with the check every subject module
applies to its own cases.
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook

LN2, LN3, LN6 = math.log(2), math.log(3), math.log(6)
NAN, INF = float("nan"), float("inf")
EPS = np.finfo(np.float64).eps


def raises(pattern):
    return pytest.raises(ValueError, match=pattern)


# ------------------------------ hypothesis strategies
#
# The settings are deterministic (``derandomize=True``, no example database)
# so that a CI run is reproducible, and modest so each module runs in seconds.

PROPERTY = settings(
    max_examples=60, derandomize=True, database=None, deadline=None
)

sizes = st.integers(min_value=1, max_value=8)
probability = st.floats(0.0, 1.0)
logit = st.floats(-1e4, 1e4)
moderate_logit = st.floats(-8.0, 8.0)
hard = st.sampled_from([0.0, 1.0])


def vectors(elements, n=None):
    shape = sizes if n is None else st.just(n)
    return shape.flatmap(
        lambda k: hnp.arrays(np.float64, k, elements=elements)
    )


@st.composite
def paired(draw, first, second):
    n = draw(sizes)
    return draw(vectors(first, n)), draw(vectors(second, n))


@st.composite
def distributions(draw, n_rows=None, k=None, allow_zero=True):
    """Rows of probabilities summing to 1 (from non-negative weights)."""
    k = draw(st.integers(2, 5)) if k is None else k
    rows = draw(st.integers(1, 6)) if n_rows is None else n_rows
    low = 0.0 if allow_zero else 1e-3
    w = draw(hnp.arrays(np.float64, (rows, k), elements=st.floats(low, 1.0)))
    w[:, 0] += 1e-3  # never an all-zero row
    return w / w.sum(axis=1, keepdims=True)


@st.composite
def labels_and_logits(draw, scale=1e4):
    z = draw(
        hnp.arrays(
            np.float64,
            st.tuples(st.integers(1, 6), st.integers(2, 5)),
            elements=st.floats(-scale, scale),
        )
    )
    y = draw(
        hnp.arrays(
            np.int64, z.shape[0], elements=st.integers(0, z.shape[1] - 1)
        )
    )
    return y, z


# ------------------------------ PyTorch reference
#
# Written by tests/reference/make_torch_reference.py with PyTorch 2.x:
# F.binary_cross_entropy(_with_logits), F.cross_entropy,
# F.mse_loss / l1_loss / huber_loss, torchvision's sigmoid_focal_loss, and
# autograd gradients of the summed losses.

REFERENCE = json.loads(
    (Path(__file__).parent / "reference" / "torch_reference.json").read_text()
)
CASES = REFERENCE["cases"]


def torch_cases(*functions):
    """The reference cases of these functions (named as in the file)."""
    return [case for case in CASES if case["function"] in functions]


def _function(name):
    obj = lossbook
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def case_id(case):
    kwargs = ",".join(
        f"{k}={v}"
        for k, v in case["kwargs"].items()
        if not isinstance(v, list) and v is not None
    )
    return f"{case['function']}[{case.get('note', '')}|{kwargs}]"


def assert_matches_pytorch(case):
    """lossbook agrees with PyTorch on one case of torch_reference.json."""
    inputs = [np.asarray(v) for v in case["inputs"].values()]
    got = _function(case["function"])(*inputs, **case["kwargs"])
    expected = np.asarray(case["expected"])
    if case["kwargs"].get("reduction", "mean") != "none" and not case[
        "function"
    ].startswith("gradients."):
        assert isinstance(got, float)
    # PyTorch's own formulas lose a few ulp of |logit| where the loss is tiny
    # ((1 - y) z - log sigma(z) for BCE, 1 - p for the focal factor); lossbook
    # does not, so allow an absolute error of a few ulp of the logit there.
    logits = case["inputs"].get("logits")
    if (
        logits is not None
        and case["kwargs"].get("reduction", "none") == "none"
    ):
        atol = 8 * EPS * (1 + np.abs(np.asarray(logits, dtype=float)))
        if np.ndim(atol) == 2 and np.ndim(expected) == 1:
            atol = atol.max(axis=1)
    else:
        atol = 1e-14 if case["function"].startswith("gradients.") else 0.0
    error = np.abs(np.asarray(got) - expected)
    allowed = atol + 1e-12 * np.abs(expected)
    assert np.all(error <= allowed), (
        f"max error {error.max():.3g}, got {got}, expected {expected}"
    )


def run_nbval(*args, env=None, timeout=900):
    """pytest with nbval and the book's plugin (tests/nbval_plugin.py), as
    `make test` runs it, in a subprocess from the repository's root; ``args``
    are pytest's (options, notebooks or folders)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.nbval_plugin",
            "--nbval",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            *map(str, args),
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
