"""lossbook against reference values from its peers and a high-precision oracle.

* PyTorch 2.x: ``tests/reference/torch_reference.json``, written by
  ``tests/reference/make_torch_reference.py`` (F.binary_cross_entropy(_with_logits),
  F.cross_entropy, F.mse_loss / l1_loss / huber_loss, torchvision's
  sigmoid_focal_loss, and autograd gradients of the summed losses).
* scikit-learn: literal cases from its own test suite for ``log_loss``
  (sklearn/metrics/tests/test_classification.py) and its docstring example.
* optax: literal cases from optax/losses/_classification_test.py.
* mpmath: binary cross-entropy with logits at 50 significant digits.
"""

import json
import math
from pathlib import Path

import mpmath
import numpy as np
import pytest

import lossbook
from lossbook import gradients

EPS = np.finfo(np.float64).eps
REFERENCE = json.loads(
    (Path(__file__).parent / "reference" / "torch_reference.json").read_text()
)
CASES = REFERENCE["cases"]


def _function(name):
    obj = lossbook
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _case_id(case):
    kwargs = ",".join(
        f"{k}={v}"
        for k, v in case["kwargs"].items()
        if not isinstance(v, list) and v is not None
    )
    return f"{case['function']}[{case.get('note', '')}|{kwargs}]"


def test_reference_file_records_its_origin():
    assert REFERENCE["header"]["torch_version"].startswith("2.")
    assert REFERENCE["header"]["dtype"] == "float64"
    assert len(CASES) > 50


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_matches_pytorch(case):
    inputs = [np.asarray(v) for v in case["inputs"].values()]
    got = _function(case["function"])(*inputs, **case["kwargs"])
    expected = np.asarray(case["expected"])
    if case["kwargs"].get("reduction", "mean") != "none" and not case[
        "function"
    ].startswith("gradients."):
        assert isinstance(got, float)
    # PyTorch's own formulas lose a few ulp of |logit| where the loss is tiny
    # ((1 - y) z - log sigma(z) for BCE, 1 - p for the focal factor); lossbook
    # does not, so allow an absolute error of a few ulp of the logit there.
    logits = case["inputs"].get("logits")
    if (
        logits is not None
        and case["kwargs"].get("reduction", "none") == "none"
    ):
        atol = 8 * EPS * (1 + np.abs(np.asarray(logits, dtype=float)))
        if np.ndim(atol) == 2 and np.ndim(expected) == 1:
            atol = atol.max(axis=1)
    else:
        atol = 1e-14 if case["function"].startswith("gradients.") else 0.0
    error = np.abs(np.asarray(got) - expected)
    allowed = atol + 1e-12 * np.abs(expected)
    assert np.all(error <= allowed), (
        f"max error {error.max():.3g}, got {got}, expected {expected}"
    )


# --- scikit-learn's log_loss tests (sklearn/metrics/tests/test_classification.py)


def test_sklearn_docstring_spam_ham():
    # sklearn.metrics.log_loss docstring example: 0.21616
    loss = lossbook.log_loss(
        ["spam", "ham", "ham", "spam"],
        [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]],
    )
    assert round(loss, 5) == 0.21616


def test_sklearn_multiclass_case():
    # test_log_loss: multiclass case, 0.6904911, and doubled with normalize=False
    y_true = [1, 0, 2]
    y_proba = [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3]]
    assert lossbook.log_loss(y_true, y_proba) == pytest.approx(
        0.6904911, rel=1e-7
    )
    assert lossbook.log_loss(
        y_true * 2, y_proba * 2, normalize=False
    ) == pytest.approx(0.6904911 * 6, rel=1e-7)


def test_sklearn_string_labels_case():
    # test_log_loss: "y_true is a string array object", 0.7469410
    loss = lossbook.log_loss(
        ["ham", "spam", "spam", "ham"],
        [[0.3, 0.7], [0.6, 0.4], [0.4, 0.6], [0.7, 0.3]],
    )
    assert loss == pytest.approx(0.7469410, rel=1e-7)


def test_sklearn_symbolic_binary_case():
    # test_log_loss: binary case with symbolic labels ("no" < "yes"), checked
    # there against -mean(bernoulli.logpmf); here against the same formula by hand.
    y_true = ["no", "no", "no", "yes", "yes", "yes"]
    y_proba = np.array(
        [
            [0.5, 0.5],
            [0.1, 0.9],
            [0.01, 0.99],
            [0.9, 0.1],
            [0.75, 0.25],
            [0.001, 0.999],
        ]
    )
    p_yes = y_proba[:, 1]
    expected = -np.mean(
        np.log(
            [
                1 - p_yes[0],
                1 - p_yes[1],
                1 - p_yes[2],
                p_yes[3],
                p_yes[4],
                p_yes[5],
            ]
        )
    )
    assert lossbook.log_loss(y_true, y_proba) == pytest.approx(
        expected, rel=1e-14
    )


def test_sklearn_labels_option_cases():
    # test_log_loss: "works when the labels argument is used"
    y_score = np.array([[0.1, 0.9], [0.1, 0.9]])
    assert lossbook.log_loss([2, 2], y_score, labels=[1, 2]) == pytest.approx(
        -np.log(0.9), rel=1e-14
    )
    # "ensure labels work when len(np.unique(y_true)) != y_proba.shape[1]"
    y_score2 = [[0.7, 0.1, 0.2], [0.2, 0.7, 0.1], [0.1, 0.7, 0.2]]
    assert lossbook.log_loss(
        [1, 2, 2], y_score2, labels=[1, 2, 3]
    ) == pytest.approx(-np.log(0.7), rel=1e-14)


def test_sklearn_error_cases():
    # test_log_loss: classes differ from columns; labels missing a value of
    # y_true; a single class without labels; inconsistent lengths
    with pytest.raises(ValueError, match="y_proba"):
        lossbook.log_loss([1, 0, 2], [[0.3, 0.7], [0.6, 0.4], [0.4, 0.6]])
    with pytest.raises(ValueError, match="labels"):
        lossbook.log_loss(
            ["a", "b", "c"],
            [[0.9, 0.1, 0.0], [0.1, 0.9, 0.0], [0.1, 0.1, 0.8]],
            labels=["a", "c", "d"],
        )
    with pytest.raises(
        ValueError, match=r"y_true contains only one label \(2\)"
    ):
        lossbook.log_loss([2, 2], [[0.2, 0.8], [0.6, 0.4]])
    with pytest.raises(
        ValueError, match="inconsistent numbers of samples: 2 and 3"
    ):
        lossbook.log_loss([2, 2], [[0.2, 0.8], [0.6, 0.4], [0.7, 0.3]])


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_sklearn_eps_clipping_is_finite(dtype):
    # test_log_loss_eps: p = 0 for a true positive is clipped to finfo(dtype).eps
    loss = lossbook.log_loss(
        np.array([0, 1], dtype=dtype), np.array([1, 0], dtype=dtype)
    )
    assert np.isfinite(loss)
    assert loss == pytest.approx(-np.log(np.finfo(dtype).eps), rel=1e-3)


@pytest.mark.parametrize(
    "y_true, y_proba",
    [
        ([0, 1, 0], [0, 1, 0]),
        ([0, 1, 0], [[1, 0], [0, 1], [1, 0]]),
        ([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
    ],
)
def test_sklearn_perfect_predictions(y_true, y_proba):
    # test_log_loss_perfect_predictions: not exactly 0 because of the clipping
    assert lossbook.log_loss(y_true, y_proba) == pytest.approx(0)
    assert lossbook.log_loss(y_true, y_proba) == pytest.approx(
        -np.log1p(-EPS), rel=1e-12
    )


# --- optax (optax/losses/_classification_test.py)


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


@pytest.mark.parametrize(
    "preds, labels, expected",
    [
        ([-1e09, -1e-09], [1.0, 0.0], 5e08),
        ([-1e09, -1e-09], [0.0, 1.0], 0.3465736),
        ([1e09, 1e-09], [1.0, 0.0], 0.3465736),
        ([1e09, 1e-09], [0.0, 1.0], 5e08),
        ([-1e09, 1e-09], [1.0, 0.0], 5e08),
        ([-1e09, 1e-09], [0.0, 1.0], 0.3465736),
        ([1e09, -1e-09], [1.0, 0.0], 0.3465736),
        ([1e09, -1e-09], [0.0, 1.0], 5e08),
        ([0.0, 0.0], [1.0, 0.0], 0.6931472),
        ([0.0, 0.0], [0.0, 1.0], 0.6931472),
    ],
)
def test_optax_sigmoid_cross_entropy(preds, labels, expected):
    # SigmoidCrossEntropyTest (mean over the two elements, rtol = atol = 1e-6)
    got = lossbook.binary_cross_entropy_with_logits(labels, preds)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


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


def test_optax_focal_large_logit_ratio():
    # SigmoidFocalLossTest.test_large_logit_fl_less_than_ce: with gamma = 2 and
    # alpha = 0.5, CE / FL = 2 / (1 - sigma(z))^2 for positives
    z = lossbook.logit(np.array([0.9, 0.98, 0.3, 0.99]))
    y = np.ones(4)
    ratio = lossbook.binary_cross_entropy_with_logits(
        y, z, reduction="none"
    ) / lossbook.sigmoid_focal_loss(y, z, gamma=2, alpha=0.5, reduction="none")
    np.testing.assert_allclose(
        ratio, 2.0 / (1.0 - np.array([0.9, 0.98, 0.3, 0.99])) ** 2, rtol=1e-10
    )


def test_optax_focal_alpha_extremes():
    # test_ignore_positive / test_ignore_negative / test_alpha_one
    z = np.array([[2.0, 0.1, -2.0], [0.3, -0.1, 1.2]])
    y = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    ce = lossbook.binary_cross_entropy_with_logits(y, z, reduction="none")
    alpha0 = lossbook.sigmoid_focal_loss(y, z, alpha=0.0, reduction="none")
    alpha1 = lossbook.sigmoid_focal_loss(y, z, alpha=1.0, reduction="none")
    assert np.all(alpha0[y == 1] == 0) and np.all(alpha0[y == 0] > 0)
    assert np.all(alpha1[y == 0] == 0) and np.all(alpha1[y == 1] > 0)
    np.testing.assert_allclose(
        lossbook.sigmoid_focal_loss(
            y, z, gamma=0.0, alpha=1.0, reduction="none"
        ),
        ce * y,
        rtol=1e-14,
    )


def test_optax_focal_extreme_logits_finite_gradients():
    # test_extreme_logits_finite_gradients: gamma = 0.5, soft labels
    z = np.array([100.0, -100.0, 75.0, -75.0, 50.0, -50.0])
    y = np.array([0.9, 0.1, 0.8, 0.2, 1.0, 0.0])
    assert np.isfinite(
        lossbook.sigmoid_focal_loss(y, z, gamma=0.5, reduction="sum")
    )
    assert np.all(np.isfinite(gradients.sigmoid_focal_loss(y, z, gamma=0.5)))


# --- high precision: binary cross-entropy with logits

mpmath.mp.dps = 50


def _bce_exact(y, z):
    y, z = mpmath.mpf(y), mpmath.mpf(z)
    softplus = lambda t: mpmath.log1p(mpmath.exp(t))  # noqa: E731
    return y * softplus(-z) + (1 - y) * softplus(z)


ULP_CASES = [
    (0.0, -60.0),
    (1.0, 60.0),
    (0.0, -700.0),
    (1.0, 700.0),
    (0.0, -30.0),
    (1.0, 36.5),
    (0.0, -1e-10),
    (1.0, 1e-10),
    (0.0, 0.0),
    (1.0, -1e4),
    (0.0, 1e4),
    (1.0, -800.0),
    (0.25, 3.0),
    (0.75, -2.0),
    (0.5, 40.0),
    (0.9, 1e3),
    (1.0, 5.0),
    (0.0, -0.5),
    (1.0, 1e-300),
    (0.0, 745.0),
]


@pytest.mark.parametrize("y, z", ULP_CASES)
def test_bce_with_logits_within_a_few_ulp(y, z):
    exact = _bce_exact(y, z)
    got = lossbook.binary_cross_entropy_with_logits(
        [y], [z], reduction="none"
    )[0]
    assert got > 0 and math.isfinite(got)
    assert abs(mpmath.mpf(got) - exact) <= 4 * EPS * exact


def test_bce_with_logits_extremes_are_exact():
    # loss 1e4 at logit -1e4 with y = 1, never inf or nan
    assert lossbook.binary_cross_entropy_with_logits([1], [-1e4]) == 1e4
    assert lossbook.binary_cross_entropy_with_logits([0], [1e4]) == 1e4
    assert lossbook.binary_cross_entropy_with_logits([1], [1e4]) == 0.0
