"""Bad input raises ValueError, and the message names the argument and the problem."""

import re

import numpy as np
import pytest

import lossbook
from lossbook import datasets, gradients

NAN, INF = float("nan"), float("inf")


def raises(pattern):
    return pytest.raises(ValueError, match=pattern)


# --------------------------------------------------------------- hard labels outside {0, 1}


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


def test_model_labels_must_be_binary():
    X = np.zeros((3, 1))
    with raises(r"^y must contain only 0 and 1, found 2"):
        lossbook.LogisticRegression().fit(X, [0, 1, 2])


# --------------------------------------------------------------- probabilities outside [0, 1]


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: lossbook.binary_cross_entropy([1, 0], [1.2, 0.5]), "y_prob"),
        (lambda: lossbook.binary_cross_entropy([1, 2], [0.2, 0.5]), "y_true"),
        (
            lambda: lossbook.binary_cross_entropy_with_logits(
                [1, -0.1], [0.2, 0.5]
            ),
            "y_true",
        ),
        (lambda: lossbook.sigmoid_focal_loss([1.5], [0.2]), "y_true"),
        (lambda: lossbook.log_loss([1, 0], [-0.1, 0.5]), "y_proba"),
        (
            lambda: lossbook.log_loss([1, 0], [[1.1, -0.1], [0.5, 0.5]]),
            "y_proba",
        ),
        (
            lambda: lossbook.categorical_cross_entropy([0], [[1.1, -0.1]]),
            "y_prob",
        ),
        (lambda: lossbook.entropy([1.5, -0.5]), "p"),
        (lambda: lossbook.kl_divergence([0.5, 0.5], [1.5, -0.5]), "q"),
        (lambda: lossbook.brier_score([1, 0], [0.5, 2.0]), "y_prob"),
        (lambda: lossbook.calibration_curve([1, 0], [0.5, -2.0]), "y_prob"),
        (lambda: lossbook.logit([0.5, 1.5]), "p"),
        (lambda: lossbook.smooth_labels([2.0, 0.0], 0.1), "y"),
    ],
)
def test_probabilities_outside_unit_interval(call, name):
    with raises(rf"^{name} must lie in \[0, 1\]"):
        call()


@pytest.mark.parametrize(
    "call, name",
    [
        (
            lambda: lossbook.log_loss([0, 1], [[0.5, 0.6], [0.5, 0.5]]),
            "y_proba",
        ),
        (
            lambda: lossbook.categorical_cross_entropy([0], [[0.5, 0.6]]),
            "y_prob",
        ),
        (
            lambda: lossbook.categorical_cross_entropy(
                [[0.5, 0.6]], [[0.5, 0.5]]
            ),
            "y_true",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [[0.5, 0.4]], [[0.5, 0.5]]
            ),
            "y_true",
        ),
        (lambda: lossbook.entropy([0.5, 0.4]), "p"),
        (lambda: lossbook.cross_entropy([0.5, 0.5], [0.5, 0.4]), "q"),
        (
            lambda: lossbook.kl_divergence(
                [[0.5, 0.5], [0.2, 0.2]], [[0.5, 0.5], [0.5, 0.5]]
            ),
            "p",
        ),
    ],
)
def test_not_a_distribution(call, name):
    with raises(rf"^{name} must sum to 1"):
        call()


# --------------------------------------------------------------- NaN and infinity


@pytest.mark.parametrize("bad", [NAN, INF, -INF])
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda b: lossbook.sigmoid([0.0, b]), "z"),
        (lambda b: lossbook.softmax([0.0, b]), "a"),
        (lambda b: lossbook.logsumexp([0.0, b]), "a"),
        (
            lambda b: lossbook.binary_cross_entropy([1.0, b], [0.5, 0.5]),
            "y_true",
        ),
        (
            lambda b: lossbook.binary_cross_entropy([1.0, 0.0], [0.5, b]),
            "y_prob",
        ),
        (
            lambda b: lossbook.binary_cross_entropy_with_logits(
                [1.0, 0.0], [0.5, b]
            ),
            "logits",
        ),
        (
            lambda b: lossbook.binary_cross_entropy_with_logits(
                [1.0, 0.0], [0.5, 0.5], sample_weight=[1, b]
            ),
            "sample_weight",
        ),
        (
            lambda b: lossbook.softmax_cross_entropy_with_logits(
                [0], [[0.5, b]]
            ),
            "logits",
        ),
        (lambda b: lossbook.sigmoid_focal_loss([1.0], [b]), "logits"),
        (lambda b: lossbook.log_loss([1, 0], [0.5, b]), "y_proba"),
        (lambda b: lossbook.mse([1.0], [b]), "y_pred"),
        (lambda b: lossbook.huber([b], [1.0]), "y_true"),
        (lambda b: lossbook.entropy([b, 0.5]), "p"),
        (
            lambda b: lossbook.LogisticRegression().fit([[0.0], [b]], [0, 1]),
            "X",
        ),
        (lambda b: gradients.mse([1.0], [b]), "y_pred"),
        (lambda b: lossbook.numerical_gradient(np.sum, [b]), "x"),
    ],
)
def test_nan_and_infinity(call, name, bad):
    with raises(rf"^{name} contains NaN or infinity"):
        call(bad)


def test_nan_labels_in_log_loss():
    with raises(r"^y_true contains NaN"):
        lossbook.log_loss([1.0, NAN], [0.5, 0.5])
    with raises(r"^y_true contains NaN or infinity"):
        lossbook.softmax_cross_entropy_with_logits(
            [0.0, NAN], [[0.0, 1.0], [1.0, 0.0]]
        )


# --------------------------------------------------------------- shape mismatch


@pytest.mark.parametrize(
    "call, names, shapes",
    [
        (
            lambda: lossbook.binary_cross_entropy([1, 0], [0.5, 0.5, 0.5]),
            ("y_true", "y_prob"),
            ("(2,)", "(3,)"),
        ),
        (
            lambda: lossbook.binary_cross_entropy_with_logits(
                [[1, 0]], [0.5, 0.5]
            ),
            ("y_true", "logits"),
            ("(1, 2)", "(2,)"),
        ),
        (
            lambda: lossbook.sigmoid_focal_loss([1, 0], [0.5]),
            ("y_true", "logits"),
            ("(2,)", "(1,)"),
        ),
        (
            lambda: lossbook.mse([1.0, 2.0], [1.0]),
            ("y_true", "y_pred"),
            ("(2,)", "(1,)"),
        ),
        (
            lambda: gradients.huber([1.0, 2.0], [1.0]),
            ("y_true", "y_pred"),
            ("(2,)", "(1,)"),
        ),
        (
            lambda: lossbook.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]),
            ("p", "q"),
            ("(2,)", "(3,)"),
        ),
        (
            lambda: lossbook.categorical_cross_entropy(np.eye(3), np.eye(2)),
            ("y_true",),
            ("(3, 3)", "(2, 2)"),
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0, 1, 1], np.zeros((2, 2))
            ),
            ("y_true",),
            ("(3,)", "(2, 2)"),
        ),
        (
            lambda: lossbook.brier_score([1, 0], [0.5]),
            ("y_true", "y_prob"),
            ("(2,)", "(1,)"),
        ),
    ],
)
def test_shape_mismatch_names_both_shapes(call, names, shapes):
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    for text in names + shapes:
        assert text in message, message


def test_inconsistent_lengths_elsewhere():
    with raises(
        r"^y_true and y_proba have inconsistent numbers of samples: 2 and 3"
    ):
        lossbook.log_loss([0, 1], [0.1, 0.2, 0.3])
    with raises(r"^sample_weight has 3 entries but there are 2 samples"):
        lossbook.mse([1.0, 2.0], [1.0, 2.0], sample_weight=[1, 1, 1])
    with raises(
        r"^X and y have inconsistent numbers of samples: shapes \(3, 1\) and \(2,\)"
    ):
        lossbook.LogisticRegression().fit(np.zeros((3, 1)), [0, 1])
    model = lossbook.LogisticRegression(epochs=1).fit(np.zeros((2, 2)), [0, 1])
    with raises(r"^X has 3 features but the model was fitted with 2"):
        model.predict(np.zeros((1, 3)))


def test_wrong_number_of_dimensions():
    with raises(r"^logits must have 2 dimension\(s\), got shape \(3,\)"):
        lossbook.softmax_cross_entropy_with_logits([0], [0.0, 1.0, 2.0])
    with raises(
        r"^y_proba must have \(1, 2\) dimension\(s\), got shape \(1, 1, 2\)"
    ):
        lossbook.log_loss([0], [[[0.5, 0.5]]])
    with raises(r"^X must have 2 dimension\(s\)"):
        lossbook.LogisticRegression().fit([0.0, 1.0], [0, 1])


# --------------------------------------------------------------- empty input


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: lossbook.sigmoid([]), "z"),
        (lambda: lossbook.binary_cross_entropy([], []), "y_true"),
        (lambda: lossbook.binary_cross_entropy_with_logits([], []), "y_true"),
        (lambda: lossbook.sigmoid_focal_loss([], []), "y_true"),
        (
            lambda: lossbook.categorical_cross_entropy([], np.zeros((0, 2))),
            "y_prob",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [], np.zeros((0, 2))
            ),
            "logits",
        ),
        (lambda: lossbook.log_loss([], []), "y_proba"),
        (lambda: lossbook.log_loss([], [0.5]), "y_true"),
        (lambda: lossbook.mse([], []), "y_true"),
        (lambda: lossbook.entropy([]), "p"),
        (lambda: lossbook.brier_score([], []), "y_true"),
        (lambda: lossbook.smooth_labels([], 0.1), "y"),
        (lambda: lossbook.LogisticRegression().fit(np.zeros((0, 2)), []), "X"),
    ],
)
def test_empty_input(call, name):
    with raises(rf"^{name} (is empty|must be a non-empty)"):
        call()


# --------------------------------------------------------------- options


@pytest.mark.parametrize(
    "call",
    [
        lambda: lossbook.binary_cross_entropy([1], [0.5], reduction="average"),
        lambda: lossbook.binary_cross_entropy_with_logits(
            [1], [0.5], reduction="avg"
        ),
        lambda: lossbook.softmax_cross_entropy_with_logits(
            [0], [[0.5, 0.1]], reduction=None
        ),
        lambda: lossbook.sigmoid_focal_loss([1], [0.5], reduction="Mean"),
        lambda: lossbook.mse([1.0], [0.5], reduction="max"),
    ],
)
def test_unknown_reduction(call):
    with raises(r"^reduction must be one of \('mean', 'sum', 'none'\)"):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.sigmoid_focal_loss([1], [0.5], gamma=-0.5),
            r"^gamma must lie in \[0, inf\], got -0.5",
        ),
        (
            lambda: gradients.sigmoid_focal_loss([1], [0.5], gamma=-1),
            r"^gamma must lie in \[0, inf\]",
        ),
        (
            lambda: lossbook.sigmoid_focal_loss([1], [0.5], alpha=1.5),
            r"^alpha must lie in \[0, 1\], got 1.5",
        ),
        (
            lambda: lossbook.smooth_labels([1.0], -0.1),
            r"^alpha must lie in \[0, 1\], got -0.1",
        ),
        (
            lambda: lossbook.binary_cross_entropy_with_logits(
                [1], [0.5], label_smoothing=1.2
            ),
            r"^label_smoothing must lie in \[0, 1\], got 1.2",
        ),
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
        (
            lambda: lossbook.huber([1.0], [0.5], delta=0.0),
            r"^delta must lie in \(0, inf\], got 0",
        ),
        (
            lambda: gradients.huber([1.0], [0.5], delta=-1.0),
            r"^delta must lie in \(0, inf\], got -1",
        ),
        (
            lambda: lossbook.LogisticRegression(label_smoothing=2.0).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^label_smoothing must lie in \[0, 1\]",
        ),
        (
            lambda: lossbook.LogisticRegression(loss="focal", alpha=-0.2).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^alpha must lie in \[0, 1\]",
        ),
        (
            lambda: lossbook.numerical_gradient(np.sum, [1.0], h=0.0),
            r"^h must lie in \(0, inf\]",
        ),
        (lambda: lossbook.entropy([0.5, 0.5], base=1), r"^base must not be 1"),
        (
            lambda: lossbook.entropy([0.5, 0.5], base=-2),
            r"^base must lie in \(0, inf\]",
        ),
        (
            lambda: lossbook.calibration_curve([0, 1], [0.5, 0.5], n_bins=0),
            r"^n_bins must lie in \[1, inf\]",
        ),
        (
            lambda: lossbook.calibration_curve([0, 1], [0.5, 0.5], n_bins=2.5),
            r"^n_bins must be an integer",
        ),
        (
            lambda: lossbook.smooth_labels([0, 1], 0.1, num_classes=2.5),
            r"^num_classes must be an integer",
        ),
        (
            lambda: lossbook.LogisticRegression(epochs=0).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^epochs must lie in \[1, inf\]",
        ),
        (
            lambda: lossbook.LogisticRegression(batch_size=1.5).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^batch_size must be an integer",
        ),
        (
            lambda: lossbook.LogisticRegression(learning_rate=-1).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^learning_rate must lie in \(0, inf\]",
        ),
        (
            lambda: lossbook.LogisticRegression(l2=-1).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^l2 must lie in \[0, inf\]",
        ),
        (
            lambda: lossbook.LogisticRegression(loss="hinge").fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^loss must be one of \('log_loss', 'focal', 'mse'\), got 'hinge'",
        ),
        (
            lambda: lossbook.LogisticRegression(
                loss="focal", pos_weight=2.0
            ).fit(np.zeros((2, 1)), [0, 1]),
            r"^pos_weight and label_smoothing apply to loss='log_loss', not 'focal'",
        ),
        (
            lambda: lossbook.LogisticRegression(alpha=0.25).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^alpha applies to loss='focal', not 'log_loss'",
        ),
        (
            lambda: lossbook.LogisticRegression(loss="focal", gamma=-1.0).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^gamma must lie in \[0, inf\]",
        ),
        (
            lambda: lossbook.LogisticRegression(pos_weight=-3.0).fit(
                np.zeros((2, 1)), [0, 1]
            ),
            r"^pos_weight must lie in \[0, inf\]",
        ),
        (lambda: datasets.make_blobs(1), r"^n_samples must lie in \[2, inf\]"),
        (
            lambda: datasets.make_multiclass_blobs(n_classes=1),
            r"^n_classes must lie in \[2, inf\]",
        ),
        (
            lambda: datasets.make_imbalanced(positive_fraction=1.0),
            r"^positive_fraction must be below 1",
        ),
        (
            lambda: datasets.make_imbalanced(positive_fraction=0.0),
            r"^positive_fraction must lie in \(0, 1\]",
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
            lambda: lossbook.mse(
                [1.0, 2.0], [1.0, 2.0], sample_weight=[1, -1]
            ),
            r"^sample_weight must be non-negative",
        ),
        (
            lambda: lossbook.mse([1.0, 2.0], [1.0, 2.0], sample_weight=[0, 0]),
            r"^sample_weight sums to zero",
        ),
        (
            lambda: lossbook.binary_cross_entropy_with_logits(
                [1], [0.5], pos_weight=-1.0
            ),
            r"^pos_weight must be non-negative",
        ),
        (
            lambda: lossbook.binary_cross_entropy_with_logits(
                [[1, 0]], [[0.5, 0.1]], pos_weight=[1.0, 2.0, 3.0]
            ),
            r"^pos_weight must be a scalar or have one value per class; "
            r"got shape \(3,\) for targets of shape \(1, 2\)",
        ),
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


# --------------------------------------------------------------- class labels


@pytest.mark.parametrize(
    "call, name",
    [
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0, 3], np.zeros((2, 3))
            ),
            "y_true",
        ),
        (
            lambda: gradients.softmax_cross_entropy_with_logits(
                [0, 3], np.zeros((2, 3))
            ),
            "y_true",
        ),
        (
            lambda: lossbook.categorical_cross_entropy([2], [[0.5, 0.5]]),
            "y_true",
        ),
        (lambda: lossbook.smooth_labels([0, 4], 0.1, num_classes=4), "y"),
        (
            lambda: lossbook.brier_score([0, 2], [[0.5, 0.5], [0.5, 0.5]]),
            "y_true",
        ),
    ],
)
def test_class_label_too_large(call, name):
    with raises(
        rf"^{name} holds class label \d+ but there are only \d+ classes"
    ):
        call()


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0, -1], np.zeros((2, 3))
            ),
            r"^y_true must hold class labels >= 0, found -1",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                [0, 1.5], np.zeros((2, 3))
            ),
            r"^y_true must hold integer class labels, found 1.5",
        ),
        (
            lambda: lossbook.softmax_cross_entropy_with_logits(
                ["a"], np.zeros((1, 3))
            ),
            r"^y_true must hold integer class labels, got dtype",
        ),
        (
            lambda: lossbook.SoftmaxRegression().fit(
                np.zeros((2, 1)), [0, -2]
            ),
            r"^y must hold class labels >= 0",
        ),
        (
            lambda: lossbook.expected_calibration_error(np.eye(2), np.eye(2)),
            r"^y_true must hold integer class labels for \(n, k\) probabilities",
        ),
    ],
)
def test_bad_class_labels(call, message):
    with raises(message):
        call()


def test_log_loss_label_errors():
    with raises(r"^y_true contains only one label \(1\)"):
        lossbook.log_loss([1, 1], [0.5, 0.5])
    with raises(r"^labels contains only one label \('a'\)"):
        lossbook.log_loss(["a", "a"], [0.5, 0.5], labels=["a"])
    with raises(re.escape("y_true contains labels not in labels: [7]")):
        lossbook.log_loss([0, 7], [[0.5, 0.5], [0.5, 0.5]], labels=[0, 1])
    with raises(re.escape("y_true contains labels not in labels: ['c']")):
        lossbook.log_loss(["a", "c"], [0.5, 0.5], labels=["a", "b"])
    with raises(r"^y_proba has 2 columns but there are 3 classes \[0, 1, 2\]"):
        lossbook.log_loss([0, 1, 2], [0.5, 0.5, 0.5])


def test_not_fitted():
    with raises(r"^this LogisticRegression is not fitted yet"):
        lossbook.LogisticRegression().predict_proba(np.zeros((1, 2)))
    with raises(r"^this SoftmaxRegression is not fitted yet"):
        lossbook.SoftmaxRegression().decision_function(np.zeros((1, 2)))


def test_non_numeric_input():
    with raises(r"^y_prob must be numeric"):
        lossbook.binary_cross_entropy([1], ["high"])
