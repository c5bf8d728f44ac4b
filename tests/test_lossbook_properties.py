"""Properties that must hold for every input, checked with hypothesis.

The settings are deterministic (``derandomize=True``, no example database)
so that a CI run is reproducible, and modest so the file runs in seconds.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook
from lossbook import gradients

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


# ------------------------------ loss >= 0, and 0 only when perfect


@PROPERTY
@given(paired(hard, probability))
def test_bce_nonnegative_and_zero_only_when_perfect(data):
    y, p = data
    losses = lossbook.binary_cross_entropy(y, p, reduction="none")
    assert np.all(losses >= 0)
    np.testing.assert_array_equal(losses == 0, p == y)


@PROPERTY
@given(paired(probability, logit), st.floats(0, 1), st.floats(0, 10))
def test_bce_with_logits_nonnegative_and_finite(data, eps, pos_weight):
    y, z = data
    losses = lossbook.binary_cross_entropy_with_logits(
        y, z, label_smoothing=eps, pos_weight=pos_weight, reduction="none"
    )
    assert np.all(np.isfinite(losses)) and np.all(losses >= 0)


@PROPERTY
@given(paired(hard, logit))
def test_bce_with_logits_positive_for_finite_logits(data):
    # a finite logit is never a perfect prediction; the loss is zero only if
    # it underflows (log1p(e^-|z|) = 0 for |z| > 745)
    y, z = data
    losses = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    right_side = (z > 0) == (y == 1)
    assert np.all((losses > 0) | (right_side & (np.abs(z) > 745)))


@PROPERTY
@given(
    paired(probability, logit),
    st.floats(0, 6),
    st.one_of(st.none(), st.floats(0, 1)),
)
def test_focal_nonnegative_finite_and_below_weighted_ce(data, gamma, alpha):
    y, z = data
    focal = lossbook.sigmoid_focal_loss(
        y, z, gamma=gamma, alpha=alpha, reduction="none"
    )
    ce = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    assert np.all(np.isfinite(focal)) and np.all(focal >= 0)
    assert np.all(focal <= ce * (1 + 1e-15))


@PROPERTY
@given(labels_and_logits(), st.floats(0, 1))
def test_softmax_cross_entropy_nonnegative_and_finite(data, eps):
    y, z = data
    losses = lossbook.softmax_cross_entropy_with_logits(
        y, z, label_smoothing=eps, reduction="none"
    )
    assert np.all(np.isfinite(losses)) and np.all(losses >= 0)


@PROPERTY
@given(distributions())
def test_categorical_nonnegative_and_zero_only_when_perfect(p):
    labels = p.argmax(axis=1)
    losses = lossbook.categorical_cross_entropy(labels, p, reduction="none")
    assert np.all(losses >= 0)
    np.testing.assert_array_equal(
        losses == 0, p[np.arange(len(p)), labels] == 1
    )


@PROPERTY
@given(
    paired(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)), st.floats(1e-3, 1e3)
)
def test_regression_nonnegative_and_zero_only_when_perfect(data, delta):
    y, pred = data
    mae = lossbook.mae(y, pred, reduction="none")
    assert np.all(mae >= 0)
    np.testing.assert_array_equal(mae == 0, pred == y)
    # a square underflows to 0 below 1e-162: leave those residuals out
    squares_representable = np.abs(pred - y) > 1e-150
    for losses in (
        lossbook.mse(y, pred, reduction="none"),
        lossbook.huber(y, pred, delta=delta, reduction="none"),
    ):
        assert np.all(losses >= 0)
        np.testing.assert_array_equal(
            (losses == 0)[squares_representable | (pred == y)],
            (pred == y)[squares_representable | (pred == y)],
        )


@PROPERTY
@given(distributions(n_rows=1))
def test_log_loss_nonnegative(p):
    y = np.array(
        [int(p[0].argmax())] * 1 + [0, 1]
    )  # at least two classes present
    proba = np.vstack([p, np.eye(p.shape[1])[[0, 1]]])
    assert lossbook.log_loss(y, proba, labels=np.arange(p.shape[1])) >= 0


# ------------------------------ logits path = probability path


@PROPERTY
@given(paired(probability, moderate_logit))
def test_logits_path_equals_probability_path(data):
    # for |z| <= 8, sigma(z) and 1 - sigma(z) are accurate to ~3000 ulp at worst
    y, z = data
    from_logits = lossbook.binary_cross_entropy_with_logits(
        y, z, reduction="none"
    )
    from_probs = lossbook.binary_cross_entropy(
        y, lossbook.sigmoid(z), reduction="none"
    )
    np.testing.assert_allclose(from_logits, from_probs, rtol=1e-11, atol=1e-15)


@PROPERTY
@given(labels_and_logits(scale=8.0))
def test_softmax_path_equals_probability_path(data):
    y, z = data
    from_logits = lossbook.softmax_cross_entropy_with_logits(
        y, z, reduction="none"
    )
    from_probs = lossbook.categorical_cross_entropy(
        y, lossbook.softmax(z), reduction="none"
    )
    np.testing.assert_allclose(from_logits, from_probs, rtol=1e-11, atol=1e-15)
    # and log_loss (scikit-learn's clipping never bites at these logits)
    metric = lossbook.log_loss(
        y, lossbook.softmax(z), labels=np.arange(z.shape[1])
    )
    assert metric == pytest.approx(float(np.mean(from_logits)), rel=1e-10)


# ------------------------------ analytic gradient = numerical gradient


def check_gradient(loss_sum, grad, x):
    numeric = lossbook.numerical_gradient(loss_sum, x, h=1e-6)
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-6)


@PROPERTY
@given(paired(probability, moderate_logit), st.floats(0, 1), st.floats(0.1, 5))
def test_bce_gradient(data, eps, pos_weight):
    y, z = data
    w = np.linspace(0.5, 2, len(y))
    options = dict(label_smoothing=eps, pos_weight=pos_weight, sample_weight=w)
    check_gradient(
        lambda t: lossbook.binary_cross_entropy_with_logits(
            y, t, reduction="sum", **options
        ),
        gradients.binary_cross_entropy_with_logits(y, z, **options),
        z,
    )


@PROPERTY
@given(
    labels_and_logits(scale=8.0), st.floats(0, 1), st.booleans(), st.booleans()
)
def test_softmax_gradient(data, eps, weighted, probability_targets):
    y, z = data
    k = z.shape[1]
    target = np.eye(k)[y] * 0.7 + 0.3 / k if probability_targets else y
    options = dict(
        label_smoothing=eps,
        class_weight=np.linspace(0.5, 2, k) if weighted else None,
        sample_weight=np.linspace(1, 2, len(y)),
    )
    check_gradient(
        lambda t: lossbook.softmax_cross_entropy_with_logits(
            target, t, reduction="sum", **options
        ),
        gradients.softmax_cross_entropy_with_logits(target, z, **options),
        z,
    )


@PROPERTY
@given(
    paired(probability, moderate_logit),
    st.floats(0, 5),
    st.one_of(st.none(), st.floats(0, 1)),
)
def test_focal_gradient(data, gamma, alpha):
    y, z = data
    options = dict(gamma=gamma, alpha=alpha)
    check_gradient(
        lambda t: lossbook.sigmoid_focal_loss(
            y, t, reduction="sum", **options
        ),
        gradients.sigmoid_focal_loss(y, z, **options),
        z,
    )


@PROPERTY
@given(paired(st.floats(-10, 10), st.floats(-10, 10)), st.floats(0.1, 3))
def test_regression_gradients(data, delta):
    y, pred = data
    r = pred - y
    # away from the kinks of |r| (0) and of Huber (+-delta), where the
    # central difference straddles two pieces
    pred = np.where(np.abs(r) < 1e-3, y + 0.5, pred)
    r = pred - y
    pred = np.where(np.abs(np.abs(r) - delta) < 1e-3, pred + 0.01, pred)
    check_gradient(
        lambda t: lossbook.mse(y, t, reduction="sum"),
        gradients.mse(y, pred),
        pred,
    )
    check_gradient(
        lambda t: lossbook.mae(y, t, reduction="sum"),
        gradients.mae(y, pred),
        pred,
    )
    check_gradient(
        lambda t: lossbook.huber(y, t, delta=delta, reduction="sum"),
        gradients.huber(y, pred, delta=delta),
        pred,
    )


# ------------------------------ information theory


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


# ------------------------------ weights


@PROPERTY
@given(paired(probability, logit), st.floats(1e-3, 1e3))
def test_equal_weights_give_the_plain_mean(data, c):
    y, z = data
    w = np.full(len(y), c)
    for f in (
        lossbook.binary_cross_entropy_with_logits,
        lossbook.sigmoid_focal_loss,
    ):
        assert f(y, z, sample_weight=w) == pytest.approx(f(y, z), rel=1e-13)
    p = lossbook.sigmoid(z)
    assert lossbook.binary_cross_entropy(
        y, p, sample_weight=w
    ) == pytest.approx(lossbook.binary_cross_entropy(y, p), rel=1e-13)
    assert lossbook.mse(y, z, sample_weight=w) == pytest.approx(
        lossbook.mse(y, z), rel=1e-13
    )


@PROPERTY
@given(paired(probability, logit), st.integers(0, 2**32 - 1))
def test_weighted_mean_is_sum_wl_over_sum_w(data, seed):
    y, z = data
    w = np.random.default_rng(seed).uniform(0.01, 3, len(y))
    losses = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    expected = np.sum(w * losses) / np.sum(w)
    assert lossbook.binary_cross_entropy_with_logits(
        y, z, sample_weight=w
    ) == pytest.approx(expected, rel=1e-12)


# ------------------------------ accuracy against 50-digit arithmetic


@PROPERTY
@given(
    st.one_of(hard, probability),
    st.one_of(st.floats(-800, 800), st.floats(-40, 40)),
)
def test_bce_with_logits_within_a_few_ulp_of_mpmath(y, z):
    import mpmath

    with mpmath.workdps(50):
        Y, Z = mpmath.mpf(y), mpmath.mpf(z)
        exact = Y * mpmath.log1p(mpmath.exp(-Z)) + (1 - Y) * mpmath.log1p(
            mpmath.exp(Z)
        )
        got = lossbook.binary_cross_entropy_with_logits(
            [y], [z], reduction="none"
        )[0]
        if (
            exact < np.finfo(np.float64).tiny
        ):  # subnormal or zero result: absolute accuracy only
            assert (
                abs(mpmath.mpf(got) - exact)
                <= np.finfo(np.float64).smallest_subnormal
            )
        else:
            assert (
                abs(mpmath.mpf(got) - exact)
                <= 4 * np.finfo(np.float64).eps * exact
            )
