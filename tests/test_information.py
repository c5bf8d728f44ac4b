"""lossbook.information: entropy, cross_entropy and kl_divergence.

Hand-computed values, error messages, hypothesis properties (KL >= 0,
H(p, q) = H(p) + KL(p || q), entropy bounds), then scipy.stats.entropy and
optax's test case.
"""

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

import lossbook
from tests.helpers import PROPERTY, distributions, raises

# --------------------------------------------------------------- values


def test_information_hand_values():
    assert lossbook.entropy([0.5, 0.5], base=2) == pytest.approx(
        1.0, rel=1e-15
    )
    assert lossbook.entropy([0.25] * 4, base=2) == pytest.approx(
        2.0, rel=1e-15
    )
    assert lossbook.entropy([1.0, 0.0, 0.0]) == 0.0  # 0 log 0 = 0
    assert lossbook.cross_entropy([1.0, 0.0], [0.9, 0.1]) == pytest.approx(
        -math.log(0.9), rel=1e-15
    )
    # 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) = 0.5 ln(25/9)
    assert lossbook.kl_divergence([0.5, 0.5], [0.9, 0.1]) == pytest.approx(
        0.5 * math.log(25 / 9), rel=1e-14
    )
    assert lossbook.kl_divergence(
        [0.0, 1.0], [0.5, 0.5], base=2
    ) == pytest.approx(1.0, rel=1e-15)
    assert lossbook.kl_divergence([0.2, 0.8], [0.2, 0.8]) == 0.0
    assert lossbook.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    rows = lossbook.entropy([[0.5, 0.5], [1.0, 0.0]], base=2)
    np.testing.assert_allclose(rows, [1.0, 0.0], rtol=1e-15)


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: lossbook.entropy([0.5, 0.5], base=1), r"^base must not be 1"),
        (
            lambda: lossbook.entropy([0.5, 0.5], base=-2),
            r"^base must lie in \(0, inf\]",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- properties


@PROPERTY
@given(
    st.integers(2, 5).flatmap(
        lambda k: st.tuples(distributions(k=k), distributions(k=k))
    )
)
def test_kl_nonnegative_zero_iff_equal(pq):
    p, q = pq
    n = min(len(p), len(q))
    p, q = p[:n], q[:n]
    kl = lossbook.kl_divergence(p, q)
    assert np.all(kl >= 0)
    np.testing.assert_array_equal(lossbook.kl_divergence(p, p), 0.0)
    different = np.abs(p - q).max(axis=1) > 1e-6
    assert np.all(kl[different] > 0)


@PROPERTY
@given(
    st.integers(2, 5).flatmap(
        lambda k: st.tuples(
            distributions(k=k), distributions(k=k, allow_zero=False)
        )
    )
)
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    n = min(len(p), len(q))
    p, q = p[:n], q[:n]
    np.testing.assert_allclose(
        lossbook.cross_entropy(p, q),
        lossbook.entropy(p) + lossbook.kl_divergence(p, q),
        rtol=1e-12,
        atol=1e-14,
    )


@PROPERTY
@given(distributions())
def test_entropy_bounds(p):
    h = lossbook.entropy(p)
    assert np.all(h >= 0) and np.all(h <= np.log(p.shape[1]) + 1e-12)


# --------------------------------------------------------------- peers


RNG = np.random.default_rng(12345)


@pytest.mark.parametrize("base", [None, 2, 10])
def test_entropy_and_kl_match_scipy(base):
    p = RNG.dirichlet(np.ones(6), 40)
    q = RNG.dirichlet(np.ones(6), 40)
    p[0, :3] = [0.0, 0.5, 0.5]
    p[0, 3:] = 0.0
    np.testing.assert_allclose(
        lossbook.entropy(p, base=base),
        scipy.stats.entropy(p, base=base, axis=-1),
        rtol=1e-13,
    )
    np.testing.assert_allclose(
        lossbook.kl_divergence(p, q, base=base),
        scipy.stats.entropy(p, q, base=base, axis=-1),
        rtol=1e-13,
    )
    # scipy.stats.entropy along axis 0, as lossbook's axis=0
    np.testing.assert_allclose(
        lossbook.entropy(p.T, axis=0, base=base),
        scipy.stats.entropy(p.T, base=base),
        rtol=1e-13,
    )


def test_cross_entropy_matches_scipy_sum():
    p = RNG.dirichlet(np.ones(4), 10)
    q = RNG.dirichlet(np.ones(4), 10)
    expected = scipy.stats.entropy(p, axis=-1) + scipy.stats.entropy(
        p, q, axis=-1
    )
    np.testing.assert_allclose(
        lossbook.cross_entropy(p, q), expected, rtol=1e-13
    )
    np.testing.assert_allclose(
        lossbook.cross_entropy(p, q),
        -np.sum(scipy.special.xlogy(p, q), axis=-1),
        rtol=1e-14,
    )


def test_kl_infinite_where_scipy_is():
    assert (
        lossbook.kl_divergence([0.5, 0.5], [1.0, 0.0])
        == scipy.stats.entropy([0.5, 0.5], [1.0, 0.0])
        == np.inf
    )


def test_optax_kl_divergence():
    # KLDivergenceTest: optax.kl_divergence(log_predictions, targets) is
    # KL(targets || predictions), 0.8875577 for the first row (atol 1e-4; the
    # test's log predictions are these probabilities rounded to 4 decimals).
    targets = [0.2, 0.2, 0.2, 0.1, 0.15, 0.15]
    predictions = [0.05, 0.03, 0.02, 0.3, 0.5, 0.1]
    assert lossbook.kl_divergence(targets, predictions) == pytest.approx(
        0.8875577, abs=1e-4
    )
    # Its second row of targets sums to 0.9: optax accepts it, lossbook refuses
    # to treat it as a distribution.
    with pytest.raises(ValueError, match="p must sum to 1"):
        lossbook.kl_divergence([0.05, 0.03, 0.02, 0.3, 0.5, 0.0], targets)
