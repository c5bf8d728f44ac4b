"""lossbook.multiclass: categorical_cross_entropy and
softmax_cross_entropy_with_logits.

Hand-computed values (derived on paper in the comments), error messages,
hypothesis properties, then PyTorch (tests/reference/torch_reference.json)
and optax's test cases.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lossbook
from tests.helpers import (
    LN2,
    LN3,
    LN6,
    NAN,
    PROPERTY,
    assert_matches_pytorch,
    case_id,
    distributions,
    labels_and_logits,
    raises,
    torch_cases,
)

# --------------------------------------------------------------- values


def test_categorical_cross_entropy_hand_values():
    # -ln 0.7 and -ln 0.8
    expected = -(math.log(0.7) + math.log(0.8)) / 2
    probs = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]
    assert lossbook.categorical_cross_entropy([0, 2], probs) == pytest.approx(
        expected, rel=1e-15
    )
    assert lossbook.categorical_cross_entropy(
        [[1, 0, 0], [0, 0, 1]], probs
    ) == pytest.approx(expected, rel=1e-15)
    # soft targets: -(0.5 ln 0.7 + 0.5 ln 0.2)
    assert lossbook.categorical_cross_entropy(
        [[0.5, 0.5, 0.0]], [probs[0]]
    ) == pytest.approx(-(0.5 * math.log(0.7) + 0.5 * math.log(0.2)), rel=1e-15)
    # zero probability for the true class: log clamped at -100
    assert lossbook.categorical_cross_entropy([1], [[1.0, 0.0]]) == 100.0


def test_categorical_with_two_classes_is_binary():
    p = np.array([0.9, 0.3, 0.0, 1.0])
    y = np.array([1, 0, 1, 1])
    np.testing.assert_allclose(
        lossbook.categorical_cross_entropy(
            y, np.stack([1 - p, p], axis=1), reduction="none"
        ),
        lossbook.binary_cross_entropy(y, p, reduction="none"),
        rtol=1e-15,
    )


def test_softmax_cross_entropy_hand_values():
    logits = [[0.0, LN2, LN3]]  # softmax = 1/6, 2/6, 3/6
    assert lossbook.softmax_cross_entropy_with_logits(
        [0], logits
    ) == pytest.approx(LN6, rel=1e-15)
    assert lossbook.softmax_cross_entropy_with_logits(
        [2], logits
    ) == pytest.approx(math.log(2), rel=1e-15)
    # label smoothing 0.3 over K = 3: target (0.8, 0.1, 0.1)
    expected = -(
        0.8 * math.log(1 / 6) + 0.1 * math.log(2 / 6) + 0.1 * math.log(3 / 6)
    )
    assert lossbook.softmax_cross_entropy_with_logits(
        [0], logits, label_smoothing=0.3
    ) == pytest.approx(expected, rel=1e-14)
    assert lossbook.softmax_cross_entropy_with_logits(
        [[0.8, 0.1, 0.1]], logits
    ) == pytest.approx(expected, rel=1e-14)


def test_softmax_cross_entropy_class_weight_normalisation():
    # uniform logits over 3 classes: each loss is ln 3, times the class weight;
    # the mean divides by the weights of the targets' classes (PyTorch)
    zeros = np.zeros((2, 3))
    w = [2.0, 1.0, 1.0]
    none = lossbook.softmax_cross_entropy_with_logits(
        [0, 1], zeros, class_weight=w, reduction="none"
    )
    np.testing.assert_allclose(none, [2 * LN3, LN3], rtol=1e-15)
    assert lossbook.softmax_cross_entropy_with_logits(
        [0, 1], zeros, class_weight=w
    ) == pytest.approx(LN3, rel=1e-15)
    # with sample weights (1, 3): (2 ln3 + 3 ln3) / (1*2 + 3*1)
    assert lossbook.softmax_cross_entropy_with_logits(
        [0, 1], zeros, class_weight=w, sample_weight=[1, 3]
    ) == pytest.approx(LN3, rel=1e-15)
    # probability targets: the mean divides by n, as in PyTorch
    assert lossbook.softmax_cross_entropy_with_logits(
        np.eye(3)[[0, 1]], zeros, class_weight=w
    ) == pytest.approx(1.5 * LN3, rel=1e-15)


def test_softmax_cross_entropy_extreme_logits():
    got = lossbook.softmax_cross_entropy_with_logits(
        [1, 0], [[1e4, -1e4], [1e4, -1e4]], reduction="none"
    )
    np.testing.assert_array_equal(got, [2e4, 0.0])
    assert not np.signbit(got[1])  # +0.0, printed as 0, not -0


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], label_smoothing=-0.1
            ),
            r"^label_smoothing must lie in \[0, 1\]",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], label_smoothing=NAN
            ),
            r"^label_smoothing must lie in \[0, 1\], got nan",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], class_weight=[1.0]
            ),
            r"^class_weight has 1 entries but there are 2 classes",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], class_weight=[1.0, -1.0]
            ),
            r"^class_weight must be non-negative",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, 0.1]], class_weight=[0.0, 1.0]
            ),
            r"weights of the samples' classes sum to zero",
        ),
    ],
)
def test_weights(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- properties


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


# --------------------------------------------------------------- peers


TORCH_CASES = torch_cases("softmax_cross_entropy_with_logits")


@pytest.mark.parametrize(
    "case", TORCH_CASES, ids=[case_id(c) for c in TORCH_CASES]
)
def test_matches_pytorch(case):
    assert_matches_pytorch(case)


def test_optax_softmax_cross_entropy():
    # SoftmaxCrossEntropyTest: expected [9.00013, 3.0696733] (float32, atol 1e-4)
    logits = np.array([[10.0, 1.0, -2.0], [1.0, 4.0, 0.2]])
    targets = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    expected = [9.00013, 3.0696733]
    got = lossbook.softmax_cross_entropy_with_logits(
        targets, logits, reduction="none"
    )
    np.testing.assert_allclose(got, expected, atol=1e-4)
    got = lossbook.softmax_cross_entropy_with_logits(
        [1, 0], logits, reduction="none"
    )
    np.testing.assert_allclose(got, expected, atol=1e-4)
