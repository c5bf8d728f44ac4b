"""lossbook.gradients (the analytic gradients of the losses) and
lossbook.numerical_gradient.

Hand-computed values (and the finite limits at a logit of -inf), error
messages, hypothesis properties (analytic gradient = central difference),
then PyTorch's autograd (tests/reference/torch_reference.json).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lossbook
from lossbook import gradients
from tests.helpers import (
    LN2,
    LN3,
    PROPERTY,
    assert_matches_pytorch,
    case_id,
    labels_and_logits,
    moderate_logit,
    paired,
    probability,
    raises,
    torch_cases,
)

# --------------------------------------------------------------- values


def test_gradient_hand_values():
    z = np.array([0.0, LN3, -LN3])
    y = np.array([1.0, 0.0, 1.0])
    # sigma(z) - y: 0.5 - 1, 0.75 - 0, 0.25 - 1
    np.testing.assert_allclose(
        gradients.binary_cross_entropy_with_logits(y, z),
        [-0.5, 0.75, -0.75],
        rtol=1e-15,
    )
    # pos_weight 3: (1 - y) sigma(z) - 3 y sigma(-z)
    np.testing.assert_allclose(
        gradients.binary_cross_entropy_with_logits(y, z, pos_weight=3.0),
        [-1.5, 0.75, -2.25],
        rtol=1e-15,
    )
    # softmax - one-hot
    np.testing.assert_allclose(
        gradients.softmax_cross_entropy_with_logits([0], [[0.0, LN2, LN3]]),
        [[1 / 6 - 1, 2 / 6, 3 / 6]],
        rtol=1e-15,
    )
    # softmax - smoothed target (0.8, 0.1, 0.1)
    np.testing.assert_allclose(
        gradients.softmax_cross_entropy_with_logits(
            [0], [[0.0, LN2, LN3]], label_smoothing=0.3
        ),
        [[1 / 6 - 0.8, 2 / 6 - 0.1, 3 / 6 - 0.1]],
        rtol=1e-14,
    )
    np.testing.assert_array_equal(
        gradients.mse([1.0, 1.0], [3.0, 0.5]), [4.0, -1.0]
    )
    np.testing.assert_array_equal(
        gradients.mae([1.0, 1.0, 1.0], [3.0, 0.5, 1.0]), [1.0, -1.0, 0.0]
    )
    np.testing.assert_array_equal(
        gradients.huber([0.0, 0.0, 0.0], [0.5, 3.0, -2.0], delta=1.0),
        [0.5, 1.0, -1.0],
    )
    np.testing.assert_array_equal(
        gradients.mse([1.0, 1.0], [3.0, 0.5], sample_weight=[0.5, 2.0]),
        [2.0, -2.0],
    )
    # focal at z = 0, y = 1, gamma = 2: d/dz [sigma(-z)^2 softplus(-z)]
    # = -2 sigma(-z)^2 sigma(z) softplus(-z) - sigma(-z)^3 = -ln2/4 - 1/8
    np.testing.assert_allclose(
        gradients.sigmoid_focal_loss([1.0], [0.0]),
        [-LN2 / 4 - 1 / 8],
        rtol=1e-15,
    )


def test_bce_gradient_at_minus_infinity():
    # sigma(-inf) - y, times pos_weight on the positive side: finite; the same
    # values as PyTorch 2.13's autograd (0, -1, -0.3; with pos_weight 2: 0,
    # -2, -0.6; with pos_weight 0: zeros)
    y, z = np.array([0.0, 1.0, 0.3]), np.full(3, -np.inf)
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(
            gradients.binary_cross_entropy_with_logits(y, z), [0.0, -1.0, -0.3]
        )
        np.testing.assert_allclose(
            gradients.binary_cross_entropy_with_logits(y, z, pos_weight=2.0),
            [0.0, -2.0, -0.6],
            rtol=1e-15,
        )
        np.testing.assert_array_equal(
            gradients.binary_cross_entropy_with_logits(y, z, pos_weight=0.0),
            [0.0, 0.0, 0.0],
        )


@pytest.mark.parametrize("gamma", [0.0, 0.5, 2.0])
@pytest.mark.parametrize("alpha", [None, 0.0, 0.25, 1.0])
def test_focal_gradient_at_minus_infinity(gamma, alpha):
    # the limit -alpha_t y^gamma y (q = 1 - p_t -> y, the CE term vanishes);
    # for gamma = 0 it is alpha_t (sigma(-inf) - y), as torchvision's autograd
    # gives (0, -1, -0.3 without alpha; 0, -0.25, -0.18 with alpha 0.25),
    # which gives NaN for gamma > 0.  The gradient is continuous there: at
    # z = -40 it is already the limit to 1e-12.
    y = np.array([0.0, 1.0, 0.3])
    alpha_t = (
        np.ones(3) if alpha is None else alpha * y + (1 - alpha) * (1 - y)
    )
    expected = -alpha_t * y**gamma * y
    with np.errstate(all="raise"):
        got = gradients.sigmoid_focal_loss(
            y, np.full(3, -np.inf), gamma=gamma, alpha=alpha
        )
    np.testing.assert_allclose(got, expected, rtol=1e-15, atol=0)
    near = gradients.sigmoid_focal_loss(
        y, np.full(3, -40.0), gamma=gamma, alpha=alpha
    )
    np.testing.assert_allclose(got, near, rtol=1e-12, atol=1e-15)


def test_numerical_gradient_of_a_cubic():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    x_copy = x.copy()
    grad = lossbook.numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, x_copy)


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: gradients.sigmoid_focal_loss([1], [0.5], gamma=-1),
            r"^gamma must lie in \[0, inf\]",
        ),
        (
            lambda: gradients.huber([1.0], [0.5], delta=-1.0),
            r"^delta must lie in \(0, inf\], got -1",
        ),
        (
            lambda: lossbook.numerical_gradient(np.sum, [1.0], h=0.0),
            r"^h must lie in \(0, inf\]",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- properties


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


# --------------------------------------------------------------- peers


TORCH_CASES = torch_cases(
    "gradients.binary_cross_entropy_with_logits",
    "gradients.softmax_cross_entropy_with_logits",
    "gradients.sigmoid_focal_loss",
    "gradients.huber",
    "gradients.mae",
    "gradients.mse",
)


@pytest.mark.parametrize(
    "case", TORCH_CASES, ids=[case_id(c) for c in TORCH_CASES]
)
def test_matches_pytorch(case):
    assert_matches_pytorch(case)
