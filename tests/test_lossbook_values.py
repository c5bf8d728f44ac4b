"""Hand-computed values and the conventions every lossbook function follows.

Each expected value is derived on paper in the comment next to it (closed
forms such as ln 2 or ln 6), never copied from lossbook's output.
"""

import inspect
import math

import numpy as np
import pytest

import lossbook
from lossbook import datasets, gradients

LN2, LN3, LN6 = math.log(2), math.log(3), math.log(6)


# --------------------------------------------------------------- activations


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


# --------------------------------------------------------------- binary


def test_binary_cross_entropy_hand_values():
    # the seed's worked numbers: -ln 0.9, -ln 0.6, -ln 0.8 and their mean 0.280
    losses = lossbook.binary_cross_entropy(
        [1, 1, 0], [0.9, 0.6, 0.2], reduction="none"
    )
    np.testing.assert_allclose(losses, -np.log([0.9, 0.6, 0.8]), rtol=1e-15)
    assert (
        round(lossbook.binary_cross_entropy([1, 1, 0], [0.9, 0.6, 0.2]), 3)
        == 0.280
    )
    # soft target 0.3 at p = 0.5: ln 2 whatever the target
    assert lossbook.binary_cross_entropy([0.3], [0.5]) == pytest.approx(
        LN2, rel=1e-15
    )
    # PyTorch's clamp: each log is at least -100, so p = 0 or 1 costs 100
    np.testing.assert_array_equal(
        lossbook.binary_cross_entropy(
            [1, 0, 1, 0], [0.0, 1.0, 1.0, 0.0], reduction="none"
        ),
        [100, 100, 0, 0],
    )


def test_bce_with_logits_hand_values():
    assert lossbook.binary_cross_entropy_with_logits(
        [1], [0.0]
    ) == pytest.approx(LN2, rel=1e-15)
    assert lossbook.binary_cross_entropy_with_logits(
        [1], [0.0], pos_weight=3.0
    ) == pytest.approx(3 * LN2, rel=1e-15)
    # y = 0 is unaffected by pos_weight
    assert lossbook.binary_cross_entropy_with_logits(
        [0], [0.0], pos_weight=3.0
    ) == pytest.approx(LN2, rel=1e-15)
    # label smoothing 0.2 turns y = 1 into 0.9; at sigma(z) = 0.9 the loss is the entropy of 0.9
    z = math.log(9)
    expected = -(0.9 * math.log(0.9) + 0.1 * math.log(0.1))
    assert lossbook.binary_cross_entropy_with_logits(
        [1], [z], label_smoothing=0.2
    ) == pytest.approx(expected, rel=1e-14)
    # z = ln 9 is p = 0.9: -ln 0.9 for y = 1
    assert lossbook.binary_cross_entropy_with_logits(
        [1], [z]
    ) == pytest.approx(-math.log(0.9), rel=1e-14)


def test_bce_with_logits_per_class_pos_weight():
    y = np.array([[1.0, 1.0], [0.0, 1.0]])
    got = lossbook.binary_cross_entropy_with_logits(
        y, np.zeros((2, 2)), pos_weight=[2.0, 5.0], reduction="none"
    )
    np.testing.assert_allclose(
        got, [[2 * LN2, 5 * LN2], [LN2, 5 * LN2]], rtol=1e-15
    )


# --------------------------------------------------------------- reductions and weights


def test_reductions_and_sample_weight():
    y, p = [1, 0], [0.9, 0.2]
    l1, l2 = -math.log(0.9), -math.log(0.8)
    bce = lossbook.binary_cross_entropy
    assert bce(y, p, reduction="sum") == pytest.approx(l1 + l2, rel=1e-15)
    assert bce(y, p) == pytest.approx((l1 + l2) / 2, rel=1e-15)
    assert bce(y, p, sample_weight=[1, 3]) == pytest.approx(
        (l1 + 3 * l2) / 4, rel=1e-15
    )
    assert bce(y, p, sample_weight=[1, 3], reduction="sum") == pytest.approx(
        l1 + 3 * l2, rel=1e-15
    )
    np.testing.assert_allclose(
        bce(y, p, sample_weight=[1, 3], reduction="none"),
        [l1, 3 * l2],
        rtol=1e-15,
    )


def test_two_dimensional_weighted_mean():
    # one weight per row, mean over all elements: (1*(a+b) + 3*(c+d)) / (4 * 2)
    losses = lossbook.mse(
        np.zeros((2, 2)), [[1.0, 2.0], [3.0, 4.0]], reduction="none"
    )
    got = lossbook.mse(
        np.zeros((2, 2)), [[1.0, 2.0], [3.0, 4.0]], sample_weight=[1, 3]
    )
    assert got == pytest.approx(
        (losses[0].sum() + 3 * losses[1].sum()) / 8, rel=1e-15
    )


FUNCTIONS_WITH_REDUCTION = [
    (lossbook.binary_cross_entropy, [1.0, 0.0], [0.9, 0.2]),
    (lossbook.binary_cross_entropy_with_logits, [1.0, 0.0], [2.0, -1.0]),
    (lossbook.sigmoid_focal_loss, [1.0, 0.0], [2.0, -1.0]),
    (lossbook.categorical_cross_entropy, [0, 1], [[0.7, 0.3], [0.4, 0.6]]),
    (
        lossbook.softmax_cross_entropy_with_logits,
        [0, 1],
        [[0.7, 0.3], [0.4, 0.6]],
    ),
    (lossbook.mse, [1.0, 2.0], [1.5, 0.0]),
    (lossbook.mae, [1.0, 2.0], [1.5, 0.0]),
    (lossbook.huber, [1.0, 2.0], [1.5, 0.0]),
]


@pytest.mark.parametrize(
    "f, y, pred",
    FUNCTIONS_WITH_REDUCTION,
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_conventions(f, y, pred):
    y_arr, pred_arr = np.array(y), np.array(pred)
    y_copy, pred_copy = y_arr.copy(), pred_arr.copy()
    for reduction in ("mean", "sum"):
        assert type(f(y_arr, pred_arr, reduction=reduction)) is float
    none = f(y_arr, pred_arr, reduction="none")
    assert none.shape == (2,)
    assert f(y_arr, pred_arr) == pytest.approx(none.mean(), rel=1e-15)
    assert f(y_arr, pred_arr, sample_weight=[2.0, 2.0]) == pytest.approx(
        none.mean(), rel=1e-15
    )
    np.testing.assert_array_equal(y_arr, y_copy)  # inputs are never modified
    np.testing.assert_array_equal(pred_arr, pred_copy)
    # everything after the second argument is keyword-only
    params = list(inspect.signature(f).parameters.values())
    assert [p.kind for p in params[:2]] == [
        inspect.Parameter.POSITIONAL_OR_KEYWORD
    ] * 2
    assert all(p.kind == inspect.Parameter.KEYWORD_ONLY for p in params[2:])


def test_keyword_only_everywhere():
    for name in lossbook.__all__:
        obj = getattr(lossbook, name)
        if not inspect.isfunction(obj):
            continue
        params = list(inspect.signature(obj).parameters.values())
        positional = [
            p
            for p in params
            if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD
        ]
        assert len(positional) <= 2, name


def test_float32_stays_float32():
    got = lossbook.binary_cross_entropy_with_logits(
        np.float32([1, 0]), np.float32([0.5, -0.5]), reduction="none"
    )
    assert got.dtype == np.float32


# --------------------------------------------------------------- multiclass


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


def test_perfect_predictions_give_positive_zero():
    # -0.0 would print as "-0." in the book
    assert not np.any(
        np.signbit(
            lossbook.binary_cross_entropy([1, 0], [1.0, 0.0], reduction="none")
        )
    )
    assert not np.any(
        np.signbit(
            lossbook.categorical_cross_entropy(
                [0, 1], np.eye(2), reduction="none"
            )
        )
    )
    assert not np.signbit(lossbook.entropy([1.0, 0.0]))
    assert not np.signbit(lossbook.cross_entropy([1.0, 0.0], [1.0, 0.0]))


# --------------------------------------------------------------- focal


def test_focal_hand_values():
    # z = 0: p_t = 1/2, CE = ln 2, factor (1/2)^gamma
    assert lossbook.sigmoid_focal_loss([1], [0.0]) == pytest.approx(
        0.25 * LN2, rel=1e-15
    )
    assert lossbook.sigmoid_focal_loss(
        [1], [0.0], alpha=0.25
    ) == pytest.approx(0.0625 * LN2, rel=1e-15)
    assert lossbook.sigmoid_focal_loss(
        [0], [0.0], alpha=0.25
    ) == pytest.approx(0.1875 * LN2, rel=1e-15)
    assert lossbook.sigmoid_focal_loss([1], [0.0], gamma=0.5) == pytest.approx(
        math.sqrt(0.5) * LN2, rel=1e-15
    )
    # z = ln 9 (p = 0.9), y = 1: 0.1^2 * -ln 0.9
    assert lossbook.sigmoid_focal_loss([1], [math.log(9)]) == pytest.approx(
        0.01 * -math.log(0.9), rel=1e-13
    )


def test_focal_gamma_zero_is_cross_entropy():
    y = np.array([1.0, 0.0, 0.3, 1.0])
    z = np.array([2.0, -3.0, 0.5, -40.0])
    np.testing.assert_allclose(
        lossbook.sigmoid_focal_loss(y, z, gamma=0.0, reduction="none"),
        lossbook.binary_cross_entropy_with_logits(y, z, reduction="none"),
        rtol=1e-15,
    )


def test_focal_finite_for_large_logits_and_small_gamma():
    z = np.array([-200.0, 200.0, -200.0, 200.0, 1e4, -1e4])
    y = np.array([1.0, 0.0, 0.0, 1.0, 0.0, 1.0])
    for gamma in (0.0, 0.3, 1.0, 2.0):
        losses = lossbook.sigmoid_focal_loss(
            y, z, gamma=gamma, reduction="none"
        )
        assert np.all(np.isfinite(losses))
        np.testing.assert_allclose(
            losses[[0, 1, 4, 5]], [200.0, 200.0, 1e4, 1e4], rtol=1e-15
        )
        assert np.all(
            np.isfinite(gradients.sigmoid_focal_loss(y, z, gamma=gamma))
        )


# --------------------------------------------------------------- smoothing


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


# --------------------------------------------------------------- regression


def test_regression_hand_values():
    assert lossbook.mse([100.0], [120.0]) == 400.0  # the seed's 20 squared
    assert lossbook.mae([100.0], [150.0]) == 50.0
    assert lossbook.rmse([0.0, 0.0], [3.0, -4.0]) == pytest.approx(
        math.sqrt(12.5), rel=1e-15
    )
    np.testing.assert_array_equal(
        lossbook.huber([0.0, 0.0, 0.0], [0.5, 3.0, -1.0], reduction="none"),
        [0.125, 2.5, 0.5],
    )
    np.testing.assert_array_equal(
        lossbook.huber([0.0], [3.0], delta=2.0, reduction="none"), [4.0]
    )  # 2 (3 - 1)


# --------------------------------------------------------------- information theory


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


# --------------------------------------------------------------- calibration


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


# --------------------------------------------------------------- gradients


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


def test_numerical_gradient_of_a_cubic():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    x_copy = x.copy()
    grad = lossbook.numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, x_copy)


# --------------------------------------------------------------- datasets


@pytest.mark.parametrize(
    "make, n, k",
    [
        (datasets.make_blobs, 200, 2),
        (datasets.make_multiclass_blobs, 300, 3),
        (datasets.make_imbalanced, 1000, 2),
    ],
)
def test_datasets_shapes_and_determinism(make, n, k):
    X, y = make()
    assert X.shape == (n, 2) and y.shape == (n,)
    assert X.dtype == np.float64 and y.dtype.kind == "i"
    assert set(np.unique(y)) == set(range(k))
    X2, y2 = make()
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(random_state=1)
    assert not np.array_equal(X, X3)


def test_dataset_class_counts():
    assert np.bincount(datasets.make_blobs(201)[1]).tolist() == [100, 101]
    assert np.bincount(
        datasets.make_multiclass_blobs(10, n_classes=4)[1]
    ).tolist() == [3, 3, 2, 2]
    assert int(datasets.make_imbalanced()[1].sum()) == 10  # 99:1
    assert (
        int(datasets.make_imbalanced(500, positive_fraction=0.2)[1].sum())
        == 100
    )


def test_blob_separation():
    # the two class means are ~separation apart
    X, y = datasets.make_blobs(20000, separation=3.0)
    gap = np.linalg.norm(X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0))
    assert gap == pytest.approx(3.0, abs=0.1)


# --------------------------------------------------------------- models


@pytest.fixture(scope="module")
def blobs():
    return datasets.make_blobs(200, random_state=0)


def test_logistic_regression_api(blobs):
    X, y = blobs
    model = lossbook.LogisticRegression(epochs=300)
    assert model.fit(X, y) is model
    assert model.coef_.shape == (2,) and isinstance(model.intercept_, float)
    proba = model.predict_proba(X)
    assert proba.shape == (200, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-15)
    z = model.decision_function(X)
    np.testing.assert_allclose(
        z, X @ model.coef_ + model.intercept_, rtol=1e-15
    )
    np.testing.assert_allclose(proba[:, 1], lossbook.sigmoid(z), rtol=1e-15)
    np.testing.assert_array_equal(model.predict(X), (z > 0).astype(int))
    assert model.loss_history_.shape == (300,)
    assert np.all(
        np.diff(model.loss_history_) <= 1e-15
    )  # full-batch GD with step 1/L never goes up
    assert (
        model.loss_history_[0] < LN2
    )  # one step from the zero model, whose loss is ln 2
    np.testing.assert_array_equal(model.classes_, [0, 1])


def test_logistic_regression_options(blobs):
    X, y = blobs
    base = lossbook.LogisticRegression(epochs=300).fit(X, y)
    weighted = lossbook.LogisticRegression(epochs=300, pos_weight=5.0).fit(
        X, y
    )
    assert (
        weighted.predict_proba(X)[:, 1].mean()
        > base.predict_proba(X)[:, 1].mean()
    )
    smooth = lossbook.LogisticRegression(epochs=300, label_smoothing=0.3).fit(
        X, y
    )
    assert (
        np.abs(smooth.decision_function(X)).max()
        < np.abs(base.decision_function(X)).max()
    )
    ridge = lossbook.LogisticRegression(epochs=300, l2=1.0).fit(X, y)
    assert np.linalg.norm(ridge.coef_) < np.linalg.norm(base.coef_)
    for loss in ("focal", "mse"):
        model = lossbook.LogisticRegression(loss=loss, epochs=300).fit(X, y)
        assert np.mean(model.predict(X) == y) > 0.75
        assert model.loss_history_[-1] < model.loss_history_[0]
    focal = lossbook.LogisticRegression(
        loss="focal", epochs=50, gamma=2.0, alpha=0.25
    ).fit(X, y)
    assert focal.loss_history_[-1] == pytest.approx(
        lossbook.sigmoid_focal_loss(
            y, focal.decision_function(X), gamma=2.0, alpha=0.25
        ),
        rel=1e-12,
    )


def test_logistic_regression_minibatch_and_init(blobs):
    X, y = blobs
    a = lossbook.LogisticRegression(
        epochs=20, batch_size=32, learning_rate=0.1, random_state=3
    ).fit(X, y)
    b = lossbook.LogisticRegression(
        epochs=20, batch_size=32, learning_rate=0.1, random_state=3
    ).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert a.loss_history_.shape == (20,)
    start = lossbook.LogisticRegression(
        epochs=1, learning_rate=1e-12, init_intercept=-2.0
    ).fit(X, y)
    assert start.intercept_ == pytest.approx(-2.0, abs=1e-9)


def test_mse_loss_has_vanishing_gradient():
    # start confidently wrong (intercept -10, p = sigma(-10) for positives):
    # one step of the log loss moves b by about 1 - sigma(-10); the squared
    # error of p moves it by 2 (1 - p) p (1 - p), about 9e-5
    X, y = np.zeros((4, 1)), np.ones(4, dtype=int)
    p = 1 / (1 + math.exp(10))
    options = dict(epochs=1, learning_rate=1.0, init_intercept=-10.0)
    log_step = (
        lossbook.LogisticRegression(loss="log_loss", **options)
        .fit(X, y)
        .intercept_
        + 10
    )
    mse_step = (
        lossbook.LogisticRegression(loss="mse", **options).fit(X, y).intercept_
        + 10
    )
    assert log_step == pytest.approx(1 - p, rel=1e-12)
    assert mse_step == pytest.approx(2 * (1 - p) * p * (1 - p), rel=1e-9)


def test_softmax_regression_api():
    X, y = datasets.make_multiclass_blobs(150, n_classes=3, random_state=1)
    model = lossbook.SoftmaxRegression(epochs=200).fit(X, y)
    assert model.coef_.shape == (2, 3) and model.intercept_.shape == (3,)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_array_equal(model.predict(X), proba.argmax(axis=1))
    assert model.decision_function(X).shape == (150, 3)
    assert model.loss_history_.shape == (200,) and np.all(
        np.diff(model.loss_history_) <= 1e-15
    )
    np.testing.assert_array_equal(model.classes_, [0, 1, 2])
    weighted = lossbook.SoftmaxRegression(
        epochs=200, class_weight=[1.0, 1.0, 5.0]
    ).fit(X, y)
    assert weighted.predict_proba(X)[:, 2].mean() > proba[:, 2].mean()
    smooth = lossbook.SoftmaxRegression(epochs=200, label_smoothing=0.3).fit(
        X, y
    )
    assert smooth.predict_proba(X).max() < proba.max()
    mini = lossbook.SoftmaxRegression(
        epochs=5, batch_size=16, learning_rate=0.1
    ).fit(X, y)
    assert mini.loss_history_[-1] < LN3
