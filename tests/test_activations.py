"""lossbook.activations: sigmoid, softplus, log_sigmoid, logit, logsumexp,
log_softmax and softmax.

Hand-computed closed forms (derived on paper in the comments, never copied
from lossbook's output), then a cross-check against scipy.special.
"""

import math
import warnings

import numpy as np
import pytest
import scipy.special

import lossbook
from tests.helpers import LN2, LN3, LN6

# --------------------------------------------------------------- values


def test_activation_closed_forms():
    assert lossbook.sigmoid(0.0) == 0.5
    assert float(lossbook.sigmoid(LN3)) == pytest.approx(
        0.75, rel=1e-15
    )  # 1 / (1 + 1/3)
    assert float(lossbook.softplus(0.0)) == pytest.approx(LN2, rel=1e-15)
    assert float(lossbook.log_sigmoid(0.0)) == pytest.approx(-LN2, rel=1e-15)
    assert float(lossbook.logit(0.75)) == pytest.approx(LN3, rel=1e-15)
    # e^0, e^ln2, e^ln3 = 1, 2, 3 out of 6
    np.testing.assert_allclose(
        lossbook.softmax([0.0, LN2, LN3]), [1 / 6, 2 / 6, 3 / 6], rtol=1e-15
    )
    np.testing.assert_allclose(
        lossbook.log_softmax([0.0, LN2, LN3]),
        np.log([1 / 6, 2 / 6, 3 / 6]),
        rtol=1e-15,
    )
    assert float(lossbook.logsumexp([0.0, LN2, LN3])) == pytest.approx(
        LN6, rel=1e-15
    )


def test_activations_do_not_overflow():
    z = np.array([-1e4, -800.0, 800.0, 1e4])
    np.testing.assert_array_equal(lossbook.sigmoid(z), [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(lossbook.softplus(z), [0.0, 0.0, 800.0, 1e4])
    np.testing.assert_array_equal(
        lossbook.log_sigmoid(z), [-1e4, -800.0, 0.0, 0.0]
    )
    assert float(lossbook.logsumexp([1e4, 1e4])) == pytest.approx(
        1e4 + LN2, rel=1e-15
    )
    np.testing.assert_array_equal(
        lossbook.softmax([[1e4, -1e4]]), [[1.0, 0.0]]
    )
    np.testing.assert_array_equal(
        lossbook.log_softmax([1e4, -1e4]), [0.0, -2e4]
    )


def test_activation_axis():
    a = np.array([[0.0, LN2], [LN3, 0.0]])
    np.testing.assert_allclose(
        lossbook.softmax(a, axis=0),
        [[1 / 4, 2 / 3], [3 / 4, 1 / 3]],
        rtol=1e-15,
    )
    np.testing.assert_allclose(
        lossbook.logsumexp(a, axis=0), [math.log(4), math.log(3)], rtol=1e-15
    )


# --------------------------------------------------------------- peers


RNG = np.random.default_rng(12345)


TINY = np.finfo(np.float64).tiny


def assert_close_relative(got, expected, rtol):
    """Relative agreement, with an absolute floor at the smallest normal float."""
    got, expected = np.asarray(got), np.asarray(expected)
    error = np.abs(got - expected)
    assert np.all(error <= rtol * np.abs(expected) + TINY), (
        f"max relative error {np.max(error / np.maximum(np.abs(expected), TINY)):.3g}"
    )


LOGITS = np.concatenate(
    [
        np.linspace(-1e4, 1e4, 20001),
        np.linspace(-50, 50, 10001),
        [
            -745.0,
            -709.0,
            -36.8,
            -1e-300,
            0.0,
            1e-300,
            36.8,
            709.0,
            710.0,
            745.0,
        ],
    ]
)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (lossbook.sigmoid, scipy.special.expit),
        (lossbook.log_sigmoid, scipy.special.log_expit),
        (lossbook.softplus, lambda z: np.logaddexp(0.0, z)),
    ],
    ids=["sigmoid", "log_sigmoid", "softplus"],
)
def test_elementwise_activations_match_scipy(ours, theirs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = ours(LOGITS)
    assert_close_relative(got, theirs(LOGITS), rtol=1e-14)


def test_logit_matches_scipy():
    p = np.concatenate(
        [
            np.linspace(0, 1, 100001)[1:-1],
            [1e-300, 1e-17, 0.3, 0.65, 1 - 1e-16],
        ]
    )
    assert_close_relative(
        lossbook.logit(p), scipy.special.logit(p), rtol=1e-14
    )
    assert lossbook.logit(np.array([0.0, 1.0])).tolist() == [-np.inf, np.inf]


@pytest.mark.parametrize("scale", [1e-3, 1.0, 30.0, 1e4])
def test_softmax_family_matches_scipy(scale):
    a = RNG.uniform(-scale, scale, (500, 6))
    a[:5, :2] = scale  # ties at the maximum
    for axis in (-1, 0):
        assert_close_relative(
            lossbook.softmax(a, axis=axis),
            scipy.special.softmax(a, axis=axis),
            1e-14,
        )
        assert_close_relative(
            lossbook.log_softmax(a, axis=axis),
            scipy.special.log_softmax(a, axis=axis),
            1e-14,
        )
        assert_close_relative(
            lossbook.logsumexp(a, axis=axis),
            scipy.special.logsumexp(a, axis=axis),
            1e-14,
        )
