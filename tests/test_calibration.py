"""lossbook.calibration: brier_score, calibration_curve and
expected_calibration_error.

Hand-computed values, error messages, then scikit-learn
(calibration_curve, brier_score_loss).
"""

import numpy as np
import pytest
import sklearn.calibration
import sklearn.metrics

import lossbook
from tests.helpers import raises

# --------------------------------------------------------------- values


def test_calibration_hand_values():
    y, p = [0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9]
    # (0.01 + 0.04 + 0.09 + 0.01) / 4
    assert lossbook.brier_score(y, p) == pytest.approx(0.0375, rel=1e-14)
    prob_true, prob_pred = lossbook.calibration_curve(y, p, n_bins=2)
    np.testing.assert_allclose(prob_true, [0.0, 1.0])
    np.testing.assert_allclose(prob_pred, [0.15, 0.8], rtol=1e-15)
    # each bin holds half the samples: 0.5 * 0.15 + 0.5 * 0.2
    assert lossbook.expected_calibration_error(
        y, p, n_bins=2
    ) == pytest.approx(0.175, rel=1e-14)
    assert lossbook.expected_calibration_error([0, 1], [0.0, 1.0]) == 0.0


def test_multiclass_ece_uses_confidence():
    # confidences 0.8 (right), 0.6 (right), 0.5 (wrong), each alone in its
    # right-closed bin (0.7, 0.8], (0.5, 0.6], (0.4, 0.5]: (0.2 + 0.4 + 0.5) / 3
    probs = [[0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.5, 0.4, 0.1]]
    assert lossbook.expected_calibration_error(
        [0, 1, 2], probs
    ) == pytest.approx(1.1 / 3, rel=1e-12)
    # two bins: all three in (0.5, 1] except 0.5 itself in [0, 0.5]:
    # |2 - 1.4| / 3 + |0 - 0.5| / 3
    assert lossbook.expected_calibration_error(
        [0, 1, 2], probs, n_bins=2
    ) == pytest.approx(1.1 / 3, rel=1e-12)
    # Brier 1950: (0.04 + 0.01 + 0.01 + 0.09 + 0.16 + 0.01 + 0.25 + 0.16 + 0.81) / 3
    assert lossbook.brier_score([0, 1, 2], probs) == pytest.approx(
        1.54 / 3, rel=1e-14
    )


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call",
    [
        lambda: lossbook.brier_score([0, 2], [0.1, 0.9]),
        lambda: lossbook.calibration_curve([0, 0.5], [0.1, 0.9]),
        lambda: lossbook.expected_calibration_error([1, -1], [0.1, 0.9]),
    ],
    ids=["brier", "calibration_curve", "ece"],
)
def test_hard_labels_required(call):
    with raises(r"y_true must contain only 0 and 1"):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.calibration_curve([0, 1], [0.5, 0.5], n_bins=0),
            r"^n_bins must lie in \[1, inf\]",
        ),
        (
            lambda: lossbook.calibration_curve([0, 1], [0.5, 0.5], n_bins=2.5),
            r"^n_bins must be an integer",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- peers


RNG = np.random.default_rng(12345)


@pytest.mark.parametrize("n_bins", [1, 5, 10, 17])
def test_calibration_curve_matches_sklearn(n_bins):
    p = RNG.uniform(0, 1, 400)
    p[:6] = [0.0, 1.0, 0.5, 0.1, 0.2, 0.7]  # bin edges
    y = (RNG.uniform(0, 1, 400) < p).astype(int)
    ours = lossbook.calibration_curve(y, p, n_bins=n_bins)
    theirs = sklearn.calibration.calibration_curve(
        y, p, n_bins=n_bins, strategy="uniform"
    )
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def test_brier_matches_sklearn():
    p = RNG.uniform(0, 1, 100)
    y = RNG.integers(0, 2, 100)
    w = RNG.uniform(0, 2, 100)
    assert lossbook.brier_score(y, p) == pytest.approx(
        sklearn.metrics.brier_score_loss(y, p), rel=1e-13
    )
    assert lossbook.brier_score(y, p, sample_weight=w) == pytest.approx(
        sklearn.metrics.brier_score_loss(y, p, sample_weight=w), rel=1e-13
    )


def test_multiclass_brier_is_brier_1950():
    # Brier's original score sums over classes: twice the binary score for k = 2
    p = RNG.uniform(0, 1, 50)
    y = RNG.integers(0, 2, 50)
    two_columns = np.stack([1 - p, p], axis=1)
    assert lossbook.brier_score(y, two_columns) == pytest.approx(
        2 * sklearn.metrics.brier_score_loss(y, p)
    )
