"""lossbook.smoothing: smooth_labels.

Hand-computed values, agreement with the losses' label_smoothing option,
and error messages.
"""

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
        lossbook.smooth_labels([1, 0], 0.2, num_classes=2),
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
            lossbook.smooth_labels(labels, 0.3, num_classes=3),
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
            r"^alpha must lie in \[0, 1\], got -0.1",
        ),
        (
            lambda: lossbook.smooth_labels([0, 1], 0.1, num_classes=2.5),
            r"^num_classes must be an integer",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()
