"""lossbook.information: entropy, cross_entropy and kl_divergence.

Hand-computed values, error messages, hypothesis properties (KL >= 0,
H(p, q) = H(p) + KL(p || q), entropy bounds), then scipy.stats.entropy,
PyTorch's F.kl_div (KL from log-probabilities) and optax's test case.
"""

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given
from hypothesis import strategies as st

import lossbook
from tests.helpers import (
    INF,
    LN2,
    NAN,
    PROPERTY,
    case_id,
    distributions,
    raises,
    torch_cases,
)

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


def test_kl_from_log_probabilities_hand_values():
    kl = lossbook.kl_divergence
    # 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) = 0.5 ln(25/9), whichever form
    log_p, log_q = np.log([0.5, 0.5]), np.log([0.9, 0.1])
    expected = 0.5 * math.log(25 / 9)
    for p, q, options in [
        (log_p, log_q, {"log_target": True, "log_input": True}),
        ([0.5, 0.5], log_q, {"log_input": True}),
        (log_p, [0.9, 0.1], {"log_target": True}),
    ]:
        assert kl(p, q, **options) == pytest.approx(expected, rel=1e-14)
    # log p = -inf is p = 0: 0 log 0 = 0, so KL([0, 1] || [1/2, 1/2]) = ln 2
    assert kl(
        [-INF, 0.0], [-LN2, -LN2], log_target=True, log_input=True, base=2
    ) == pytest.approx(1.0, rel=1e-15)
    # log q = -inf where p > 0: infinite, as for q = 0
    assert kl([0.5, 0.5], [0.0, -INF], log_input=True) == INF


def test_kl_from_logs_needs_no_round_trip_through_exp():
    # p = (a, 1 - a), q = (b, 1 - b) with a = e^-700, b = e^-710 (subnormal):
    # KL = 10 a + (1 - a)(log(1 - a) - log(1 - b)) = 9a + b to first order
    # (the next terms are of order a^2).  Given the logarithms, lossbook
    # subtracts them as given; from the probabilities, 1 - a rounds to 1 and
    # the second term, -a + b, is lost (an error of 1/9).
    a, b = math.exp(-700), math.exp(-710)
    log_p = [-700.0, math.log1p(-a)]
    log_q = [-710.0, math.log1p(-b)]
    got = lossbook.kl_divergence(log_p, log_q, log_target=True, log_input=True)
    assert got == pytest.approx(9 * a + b, rel=1e-13)
    from_probabilities = lossbook.kl_divergence([a, 1 - a], [b, 1 - b])
    assert from_probabilities == pytest.approx(10 * a, rel=1e-13)


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.kl_divergence(
                [0.1, -0.1], [-LN2, -LN2], log_target=True, log_input=True
            ),
            r"^exp\(p\) must lie in \[0, 1\]",
        ),
        (
            lambda: lossbook.kl_divergence(
                [0.5, 0.5], [-LN2, -1.0], log_input=True
            ),
            r"^exp\(q\) must sum to 1 along axis -1, found a sum of 0.86",
        ),
        (
            lambda: lossbook.kl_divergence(
                [NAN, 0.0], [0.5, 0.5], log_target=True
            ),
            r"^p contains NaN or \+infinity",
        ),
        (
            lambda: lossbook.kl_divergence(
                [0.5, 0.5], [-INF, INF], log_input=True
            ),
            r"^q contains NaN or \+infinity",
        ),
        (
            lambda: lossbook.kl_divergence(
                [0.5, 0.5], [-INF, 0.0]
            ),  # log-probabilities passed as probabilities
            r"^q contains NaN or infinity",
        ),
        (
            lambda: lossbook.kl_divergence(
                [-LN2, -LN2],
                np.log([[0.5, 0.5]] * 2),
                log_target=True,
                log_input=True,
            ),
            r"^p and q must have the same shape",
        ),
    ],
)
def test_log_probability_errors(call, message):
    with raises(message):
        call()


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


KL_CASES = torch_cases("kl_divergence")


@pytest.mark.parametrize("case", KL_CASES, ids=[case_id(c) for c in KL_CASES])
def test_kl_matches_pytorch_kl_div(case):
    # F.kl_div(log_q, p or log_p, log_target).sum(-1); where PyTorch gives
    # NaN (0 * -inf with log_target), lossbook the limit 0 log 0 = 0
    p, q = (np.asarray(v, dtype=float) for v in case["inputs"].values())
    got = lossbook.kl_divergence(p, q, **case["kwargs"])
    expected = np.asarray(case.get("limit", case["expected"]))
    assert np.isnan(case["expected"]).any() == ("differs" in case)
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    # the same from the probabilities, the cross-check of the log forms
    with np.errstate(divide="ignore"):
        probabilities = [
            np.exp(x) if case["kwargs"].get(flag) else x
            for x, flag in ((p, "log_target"), (q, "log_input"))
        ]
    np.testing.assert_allclose(
        lossbook.kl_divergence(*probabilities), expected, rtol=1e-12
    )


def test_kl_log_forms_match_the_probability_form():
    rng = np.random.default_rng(7)
    p = rng.dirichlet(np.ones(6), 50)
    q = rng.dirichlet(np.ones(6), 50)
    p[:5, 2] = 0.0  # p = 0: log p = -inf
    p[:5] /= p[:5].sum(axis=1, keepdims=True)
    expected = lossbook.kl_divergence(p, q)
    np.testing.assert_allclose(
        expected, scipy.stats.entropy(p, q, axis=-1), rtol=1e-13
    )
    with np.errstate(divide="ignore"):
        log_p, log_q = np.log(p), np.log(q)
    for args, options in [
        ((log_p, log_q), {"log_target": True, "log_input": True}),
        ((p, log_q), {"log_input": True}),
        ((log_p, q), {"log_target": True}),
    ]:
        np.testing.assert_allclose(
            lossbook.kl_divergence(*args, **options), expected, rtol=1e-12
        )
    # along axis 0 and in bits too
    np.testing.assert_allclose(
        lossbook.kl_divergence(
            log_p.T, log_q.T, log_target=True, log_input=True, axis=0, base=2
        ),
        expected / LN2,
        rtol=1e-12,
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
