"""lossbook.activations: sigmoid, softplus, log_sigmoid, logit, logsumexp,
log_softmax and softmax.

Hand-computed closed forms (derived on paper in the comments, never copied
from lossbook's output), dtypes and errors, then a cross-check against
scipy.special, -inf (a masked logit) included.
"""

import math
import warnings

import numpy as np
import pytest
import scipy.special

import lossbook
from tests.helpers import INF, LN2, LN3, LN6, NAN, raises

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


def test_masked_logits_closed_forms():
    # e^{-inf} = 0: the masked class gets probability 0 and adds nothing
    np.testing.assert_allclose(
        lossbook.softmax([LN2, -INF, 0.0]), [2 / 3, 0.0, 1 / 3], rtol=1e-15
    )
    got = lossbook.log_softmax([LN2, -INF, 0.0])
    assert got[1] == -INF
    np.testing.assert_allclose(
        got[[0, 2]], [math.log(2 / 3), math.log(1 / 3)], rtol=1e-15
    )
    assert float(lossbook.logsumexp([LN2, -INF, 0.0])) == pytest.approx(
        LN3, rel=1e-15
    )
    assert lossbook.log_softmax([0.0, -INF]).tolist() == [0.0, -INF]
    # sigma(-inf) = 0, log sigma(-inf) = -inf, softplus(-inf) = log 1 = 0
    assert float(lossbook.sigmoid(-INF)) == 0.0
    assert float(lossbook.log_sigmoid(-INF)) == -INF
    assert float(lossbook.softplus(-INF)) == 0.0
    # a slice masked throughout: log of an empty sum, log 0 = -inf
    assert float(lossbook.logsumexp([-INF, -INF])) == -INF
    np.testing.assert_array_equal(
        lossbook.logsumexp([[-INF, -INF], [0.0, 0.0]]), [-INF, LN2]
    )


# --------------------------------------------------------------- dtypes


FUNCTIONS = [
    lossbook.sigmoid,
    lossbook.softplus,
    lossbook.log_sigmoid,
    lossbook.logit,
    lossbook.logsumexp,
    lossbook.log_softmax,
    lossbook.softmax,
]


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(f, dtype):
    x = np.array([[0.25, 0.5], [0.75, 0.125]], dtype=dtype)
    assert f(x).dtype == dtype
    assert f(x[0]).dtype == dtype  # logsumexp: a NumPy scalar of that dtype


def test_float32_logsumexp_with_ties_and_masks():
    # the count of maxima (an integer) must not promote float32 to float64
    a = np.float32([[1.0, 1.0, -np.inf], [-np.inf, -np.inf, -np.inf]])
    got = lossbook.logsumexp(a)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, [1 + LN2, -INF], rtol=1e-7)


@pytest.mark.parametrize(
    "ours, theirs, x",
    [
        (lossbook.sigmoid, scipy.special.expit, 0.25),
        (lossbook.log_sigmoid, scipy.special.log_expit, 0.25),
        (lossbook.logit, scipy.special.logit, 0.25),
        (lossbook.logsumexp, scipy.special.logsumexp, [0.25, 0.5]),
        (lossbook.softmax, scipy.special.softmax, 0.25),
        (lossbook.log_softmax, scipy.special.log_softmax, 0.25),
    ],
    ids=[
        "sigmoid",
        "log_sigmoid",
        "logit",
        "logsumexp",
        "softmax",
        "log_softmax",
    ],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_scalar_out_as_scipy(ours, theirs, x, dtype):
    x = np.asarray(x, dtype=dtype)[()]  # a NumPy scalar, or a 1-D array
    got, expected = ours(x), theirs(x)
    assert type(got) is type(expected) is dtype


# --------------------------------------------------------------- errors


ARGUMENT = {
    "sigmoid": "z",
    "softplus": "z",
    "log_sigmoid": "z",
    "logit": "p",
    "logsumexp": "a",
    "log_softmax": "a",
    "softmax": "a",
}


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", [NAN, INF])
def test_nan_and_plus_infinity_are_refused(f, bad):
    with raises(rf"^{ARGUMENT[f.__name__]} contains NaN or \+?infinity"):
        f(np.array([0.5, bad]))


def test_logit_refuses_what_is_not_a_probability():
    # scipy.special.logit returns NaN for these
    assert np.isnan(scipy.special.logit(-INF))
    with raises(r"^p contains NaN or infinity"):
        lossbook.logit(-INF)
    with raises(r"^p must lie in \[0, 1\]"):
        lossbook.logit([0.5, 1.5])


@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_of_a_slice_masked_throughout_raises(axis):
    a = np.array([[-INF, 0.0], [-INF, 1.0]])
    if axis == -1:
        a = a.T
    message = rf"^a is -inf throughout a slice along axis {axis}"
    with raises(message):
        lossbook.softmax(a, axis=axis)
    with raises(message):
        lossbook.log_softmax(a, axis=axis)
    # the deliberate difference: SciPy returns NaN (-inf - -inf) and warns
    with pytest.warns(RuntimeWarning, match="invalid value"):
        assert np.isnan(scipy.special.softmax(a, axis=axis)).any()
    with pytest.warns(RuntimeWarning, match="invalid value"):
        assert np.isnan(scipy.special.log_softmax(a, axis=axis)).any()


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


# The elementwise activations and their SciPy counterparts (softplus has none:
# NumPy's logaddexp(0, z) is the reference).
ELEMENTWISE_VS_SCIPY = pytest.mark.parametrize(
    "ours, theirs",
    [
        (lossbook.sigmoid, scipy.special.expit),
        (lossbook.log_sigmoid, scipy.special.log_expit),
        (lossbook.softplus, lambda z: np.logaddexp(0.0, z)),
    ],
    ids=["sigmoid", "log_sigmoid", "softplus"],
)


@ELEMENTWISE_VS_SCIPY
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


@ELEMENTWISE_VS_SCIPY
def test_elementwise_activations_at_minus_infinity_match_scipy(ours, theirs):
    z = np.array([-INF, -1e4, 0.0, 3.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got, expected = ours(z), theirs(z)
    # bit for bit on NumPy 2; NumPy 1's exp and log1p differ in the last bit
    np.testing.assert_array_max_ulp(got, expected, maxulp=1)
    np.testing.assert_array_equal(np.isinf(got), np.isinf(expected))
    # signed zeros too (log_expit(1e4) is -0.0)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(expected))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_masked_softmax_family_matches_scipy(dtype):
    rng = np.random.default_rng(2026)
    a = rng.normal(0, 5, (300, 5)).astype(dtype)
    a[rng.uniform(size=a.shape) < 0.4] = -np.inf
    a[np.all(a == -np.inf, axis=1), 0] = 1.0  # every row keeps a class
    a[:3] = [-np.inf, 2.0, 2.0, -np.inf, 0.5]  # ties beside masks
    rtol = 1e-14 if dtype == np.float64 else 1e-6
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for ours, theirs in [
            (lossbook.softmax, scipy.special.softmax),
            (lossbook.log_softmax, scipy.special.log_softmax),
            (lossbook.logsumexp, scipy.special.logsumexp),
        ]:
            got, expected = ours(a), theirs(a, axis=-1)
            assert got.dtype == expected.dtype == dtype
            np.testing.assert_array_equal(
                np.isneginf(got), np.isneginf(expected)
            )
            finite = np.isfinite(expected)
            assert_close_relative(got[finite], expected[finite], rtol)
    # logsumexp of a slice masked throughout: -inf, as SciPy, without a warning
    a[5] = -np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(
            lossbook.logsumexp(a), scipy.special.logsumexp(a, axis=-1)
        )
        np.testing.assert_array_equal(
            lossbook.logsumexp(a.T, axis=0),
            scipy.special.logsumexp(a.T, axis=0),
        )
