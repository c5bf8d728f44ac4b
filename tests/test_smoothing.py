"""lossbook.smoothing: smooth_labels.

Hand-computed values, agreement with the losses' label_smoothing option
(and one vocabulary with them), error messages, and optax's test cases.
"""

import inspect

import numpy as np
import pytest

import lossbook
from tests.helpers import raises

# --------------------------------------------------------------- values


def test_smooth_labels():
    np.testing.assert_allclose(
        lossbook.smooth_labels([1.0, 0.0, 1.0], 0.1),
        [0.95, 0.05, 0.95],
        rtol=1e-15,
    )
    np.testing.assert_allclose(
        lossbook.smooth_labels(np.eye(4)[[2]], 0.2),
        [[0.05, 0.05, 0.85, 0.05]],
        rtol=1e-15,
    )
    np.testing.assert_allclose(
        lossbook.smooth_labels([1, 0], 0.2, n_classes=2),
        [[0.1, 0.9], [0.9, 0.1]],
        rtol=1e-15,
    )
    np.testing.assert_array_equal(
        lossbook.smooth_labels([1.0, 0.0], 1.0), [0.5, 0.5]
    )
    np.testing.assert_array_equal(
        lossbook.smooth_labels([1.0, 0.0], 0.0), [1.0, 0.0]
    )


def test_smoothing_matches_the_loss_option():
    y, z = np.array([1.0, 0.0, 1.0]), np.array([0.3, -2.0, 4.0])
    np.testing.assert_allclose(
        lossbook.binary_cross_entropy_with_logits(
            y, z, label_smoothing=0.2, reduction="none"
        ),
        lossbook.binary_cross_entropy_with_logits(
            lossbook.smooth_labels(y, 0.2), z, reduction="none"
        ),
        rtol=1e-15,
    )
    labels, logits = (
        np.array([0, 2]),
        np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 2.0]]),
    )
    np.testing.assert_allclose(
        lossbook.softmax_cross_entropy_with_logits(
            labels, logits, label_smoothing=0.3, reduction="none"
        ),
        lossbook.softmax_cross_entropy_with_logits(
            lossbook.smooth_labels(labels, 0.3, n_classes=3),
            logits,
            reduction="none",
        ),
        rtol=1e-14,
    )


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.smooth_labels([1.0], -0.1),
            r"^label_smoothing must lie in \[0, 1\], got -0.1",
        ),
        (
            lambda: lossbook.smooth_labels([0, 1], 0.1, n_classes=2.5),
            r"^n_classes must be an integer, got 2.5",
        ),
        (
            lambda: lossbook.smooth_labels([0, 1], 0.1, n_classes=True),
            r"^n_classes must be an integer, got True",
        ),
        (
            lambda: lossbook.smooth_labels([0], 0.1, n_classes=0),
            r"^n_classes must lie in \[1, inf\], got 0",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


def test_one_vocabulary_with_the_losses():
    # the strength is label_smoothing, as in the losses' option (alpha is the
    # focal loss's class weight); the number of classes is n_classes
    params = inspect.signature(lossbook.smooth_labels).parameters
    assert list(params) == ["y", "label_smoothing", "n_classes"]
    assert params["n_classes"].kind is inspect.Parameter.KEYWORD_ONLY
    np.testing.assert_allclose(
        lossbook.smooth_labels([2, 0], label_smoothing=0.3, n_classes=3),
        [[0.1, 0.1, 0.8], [0.8, 0.1, 0.1]],  # 0.3 / 3 and 0.7 + 0.1
        rtol=1e-15,
    )
    with pytest.raises(TypeError, match="alpha"):
        lossbook.smooth_labels([1.0], alpha=0.1)
    with pytest.raises(TypeError, match="num_classes"):
        lossbook.smooth_labels([1], 0.1, num_classes=2)


# --------------------------------------------------------------- peers


def test_optax_smooth_labels():
    # optax's SmoothLabelsTest.test_batched: float32 one-hot rows, expected
    # 0.9 ts + 0.1 / 3 at alpha = 0.1 and uniform 1/3 at alpha = 1
    ts = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype=np.float32)
    for eps, expected in (
        (0.0, ts),
        (0.1, 0.9 * ts + 0.1 / 3),
        (1.0, np.full_like(ts, 1 / 3)),
    ):
        got = lossbook.smooth_labels(ts, eps)
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, expected, atol=1e-7)


def test_a_vector_is_binary_targets_not_one_row():
    # deliberate difference from optax (its test_scalar smooths the row
    # [0, 1, 0] over K = 3): a 1-D vector is one binary target per sample
    np.testing.assert_allclose(
        lossbook.smooth_labels([0.0, 1.0, 0.0], 0.1),
        [0.05, 0.95, 0.05],  # 0.1 / 2 and 0.9 + 0.05
        rtol=1e-15,
    )
    np.testing.assert_allclose(
        lossbook.smooth_labels([[0.0, 1.0, 0.0]], 0.1),
        [[0.1 / 3, 0.9 + 0.1 / 3, 0.1 / 3]],
        rtol=1e-15,
    )
