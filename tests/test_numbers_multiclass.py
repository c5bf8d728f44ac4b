"""The worked numbers of the multiclass chapter (book/multiclass.ipynb).

The digit example comes from the syllabus (syllabus.yml, checked by
tests/test_syllabus.py): for an image
of a 3, model A gives the 3 probability 0.7 and loses -log 0.7 ~ 0.357, model B
gives it 0.2 and loses -log 0.2 ~ 1.609.  The other expected values come from
independent sources (SciPy, scikit-learn, hand derivations), never from
lossbook's own output.  Each is checked through lossbook and as glued in the
chapter.
"""

import math

import numpy as np
from scipy import special
from sklearn.metrics import log_loss as sklearn_log_loss

import lossbook
from lossbook import gradients
from tools.notebooks import glued_number
from tools.toc import ROOT

MULTICLASS = ROOT / "book" / "multiclass.ipynb"

# The two predictions of the syllabus for an image of the digit 3.
MODEL_A = [0.1, 0.0, 0.1, 0.7, 0.0, 0.0, 0.0, 0.0, 0.1, 0.0]
MODEL_B = [0.1, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.0]
ONE_HOT_3 = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]

cce = lossbook.categorical_cross_entropy


def test_digit_example_with_integer_labels():
    assert round(cce([3], [MODEL_A]), 3) == 0.357
    assert round(cce([3], [MODEL_B]), 3) == 1.609
    # mean of the two, as the chapter's batch of two images of a 3
    assert round(cce([3, 3], [MODEL_A, MODEL_B]), 3) == round(
        (0.357 + 1.609) / 2, 3
    )
    assert round(glued_number(MULTICLASS, "cce_batch_ab"), 3) == round(
        (0.357 + 1.609) / 2, 3
    )


def test_digit_example_agrees_with_scikit_learn():
    # model B has no zero for the true class; sklearn's log_loss needs rows that sum to 1
    labels = np.arange(10)
    assert np.isclose(
        cce([3], [MODEL_B]), sklearn_log_loss([3], [MODEL_B], labels=labels)
    )


def test_overflow_limit_of_exp():
    # exp(x) overflows above the log of the largest finite number of the type,
    # (2 - 2**-52) * 2**1023 in float64 and (2 - 2**-23) * 2**127 in float32
    # (IEEE 754), by hand: 709.78... and 88.72...
    ln_max64 = 1023 * math.log(2) + math.log(2 - 2**-52)
    ln_max32 = 127 * math.log(2) + math.log(2 - 2**-23)
    assert round(ln_max64, 2) == 709.78 and round(ln_max32, 2) == 88.72
    assert np.isclose(
        glued_number(MULTICLASS, "exp_overflow_at"), ln_max64, rtol=1e-12
    )
    assert np.isclose(
        glued_number(MULTICLASS, "exp_overflow_at32"), ln_max32, rtol=1e-12
    )
    assert np.isfinite(np.exp(np.float32(88.0)))
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(np.float32(89.0)))


def test_model_a_gives_six_digits_probability_zero():
    # by hand from the table: digits 1, 4, 5, 6, 7 and 9
    assert [d for d, p in enumerate(MODEL_A) if p == 0] == [1, 4, 5, 6, 7, 9]
    assert glued_number(MULTICLASS, "mc_a_n_zero") == 6


def test_softmax_of_large_logits():
    big = np.array([1000.0, 999.0, 998.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(big) / np.exp(big).sum()
    assert np.all(np.isnan(naive))
    expected_top = 1 / (
        1 + np.exp(-1) + np.exp(-2)
    )  # hand derivation: shift by 1000
    assert np.allclose(lossbook.softmax(big), special.softmax(big))
    assert np.isclose(lossbook.softmax(big)[0], expected_top)
    assert np.isclose(glued_number(MULTICLASS, "stable_p_top"), expected_top)


def test_logsumexp_of_large_logits():
    expected = 1000 + np.log(1 + np.exp(-1) + np.exp(-2))
    assert np.isclose(lossbook.logsumexp([1000.0, 999.0, 998.0]), expected)
    assert np.isclose(special.logsumexp([1000.0, 999.0, 998.0]), expected)
    assert np.isclose(glued_number(MULTICLASS, "lse_big"), expected)


def test_confidently_wrong_loss_from_logits_is_finite():
    # logits (1000, 0, 0), true class 1: log(e^1000 + 2) - 0 = 1000 to double precision
    assert (
        lossbook.softmax_cross_entropy_with_logits([1], [[1000.0, 0.0, 0.0]])
        == 1000.0
    )
    assert glued_number(MULTICLASS, "loss_wrong_from_logits") == 1000.0


def test_binary_log_loss_is_two_class_softmax():
    z = np.array([-3.0, -0.5, 0.0, 2.0, 8.0])
    y = np.array([1, 0, 1, 1, 0])
    # hand derivation: -log sigma(z) = log(1 + e^{-z}), -log(1 - sigma(z)) = log(1 + e^{z})
    expected = np.where(y == 1, np.log1p(np.exp(-z)), np.log1p(np.exp(z)))
    two_logits = np.column_stack([np.zeros_like(z), z])
    assert np.allclose(
        lossbook.softmax_cross_entropy_with_logits(
            y, two_logits, reduction="none"
        ),
        expected,
    )
    assert np.allclose(
        lossbook.binary_cross_entropy_with_logits(y, z, reduction="none"),
        expected,
    )


def test_gradient_is_softmax_minus_target():
    z = np.array([[2.0, 1.0, 0.1, -1.0]])
    p_true = np.exp(0.1) / np.exp(z).sum()  # hand derivation
    grad = gradients.softmax_cross_entropy_with_logits([2], z)
    assert np.allclose(grad, special.softmax(z, axis=1) - np.eye(4)[[2]])
    assert np.isclose(grad.sum(), 0.0, atol=1e-12)
    assert np.isclose(glued_number(MULTICLASS, "grad_p_true"), p_true)
    assert np.isclose(glued_number(MULTICLASS, "grad_true_class"), p_true - 1)
    numeric = lossbook.numerical_gradient(
        lambda x: lossbook.softmax_cross_entropy_with_logits(
            [2], x, reduction="sum"
        ),
        z,
    )
    assert np.allclose(numeric, grad, atol=1e-7)


def test_softmax_regression_learns_the_three_classes():
    ln3 = glued_number(MULTICLASS, "sr_ln3")
    assert np.isclose(ln3, np.log(3))
    # the trained model beats the uniform guess by a wide margin and mostly classifies right
    assert glued_number(MULTICLASS, "sr_final_train_loss") < glued_number(
        MULTICLASS, "sr_first_loss"
    )
    assert glued_number(MULTICLASS, "sr_test_log_loss") < 0.5 * ln3
    assert glued_number(MULTICLASS, "sr_test_accuracy") > 0.8
    assert np.isclose(
        glued_number(MULTICLASS, "sr_test_accuracy_pct"),
        100 * glued_number(MULTICLASS, "sr_test_accuracy"),
    )


def test_clamped_loss_of_a_certain_mistake():
    # model A gives the digit 1 probability 0; with log clamped at -100 (as in
    # PyTorch) the loss is -(-100) = 100 rather than infinity
    assert glued_number(MULTICLASS, "cce_model_a_if_one") == 100.0


def test_softmax_probability_underflows_to_exactly_zero():
    # A softmax probability e^{-g} / (1 + e^{-g}) is stored as 0 once it is at
    # most half the smallest subnormal (round to nearest, ties to even):
    # g >= 1075 ln 2 in float64 (2**-1074 / 2) and g >= 150 ln 2 in float32
    # (2**-149 / 2).  The chapter scans gaps in steps of 0.01.
    for name, bits in (
        ("mc_underflow_gap64", 1075),
        ("mc_underflow_gap32", 150),
    ):
        gap = glued_number(MULTICLASS, name)
        assert bits * np.log(2) <= gap <= bits * np.log(2) + 0.011
    assert np.exp(np.float64(-746.0)) == 0.0 < np.exp(np.float64(-745.0))


def test_soft_target_cross_entropy_is_entropy_plus_kl():
    from scipy.stats import entropy as scipy_entropy

    t, p = np.array([0.7, 0.2, 0.1]), np.array([0.5, 0.3, 0.2])
    # by hand: -(0.7 ln 0.5 + 0.2 ln 0.3 + 0.1 ln 0.2)
    ce = -(0.7 * np.log(0.5) + 0.2 * np.log(0.3) + 0.1 * np.log(0.2))
    h = -(0.7 * np.log(0.7) + 0.2 * np.log(0.2) + 0.1 * np.log(0.1))
    kl = scipy_entropy(t, p)  # SciPy's relative entropy
    assert np.isclose(glued_number(MULTICLASS, "mc_soft_ce"), ce)
    assert np.isclose(glued_number(MULTICLASS, "mc_soft_h"), h)
    assert np.isclose(glued_number(MULTICLASS, "mc_soft_kl"), kl)
    assert np.isclose(ce, h + kl)


def test_multi_label_example():
    y = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [0, 0, 0, 0]], dtype=float)
    z = np.array(
        [
            [4.0, 4.0, -4.0, 4.0],
            [-3.0, -2.0, 3.0, 2.0],
            [-4.0, -4.0, -3.0, -5.0],
        ]
    )
    # by hand: -log sigma(z) = log1p(e^{-z}), -log(1 - sigma(z)) = log1p(e^{z})
    per_entry = np.where(y == 1, np.log1p(np.exp(-z)), np.log1p(np.exp(z)))
    assert np.isclose(glued_number(MULTICLASS, "mc_ml_mean"), per_entry.mean())
    # first photo: every entry is log1p(e^{-4})
    assert np.isclose(
        glued_number(MULTICLASS, "mc_ml_sigmoid_first"), np.log1p(np.exp(-4))
    )
    # softmax with target (1/3, 1/3, 0, 1/3): logsumexp(z) - 4 = ln(3 + e^{-8})
    assert np.isclose(
        glued_number(MULTICLASS, "mc_ml_softmax_loss"), np.log(3 + np.exp(-8))
    )
    assert np.isclose(glued_number(MULTICLASS, "mc_ml_floor"), np.log(3))
    # the excess over the floor: ln(3 + e^{-8}) - ln 3 = log1p(e^{-8} / 3)
    assert np.isclose(
        glued_number(MULTICLASS, "mc_ml_softmax_excess"),
        np.log1p(np.exp(-8) / 3),
        rtol=1e-6,
    )
    assert glued_number(MULTICLASS, "mc_ml_softmax_loss") > np.log(3)


def test_ignored_padding_is_left_out_of_the_mean():
    # the chapter's inputs: two sentences, padded with -100, seeded logits
    labels = np.array([[2, 5, 1, 3], [4, 0, -100, -100]]).ravel()
    logits = np.random.default_rng(seed=4).normal(0.0, 2.0, size=(8, 6))
    real = labels != -100
    log_p = special.log_softmax(logits[real], axis=1)
    expected = -log_p[np.arange(real.sum()), labels[real]].mean()
    assert glued_number(MULTICLASS, "mc_pad_n_real") == 6
    assert np.isclose(glued_number(MULTICLASS, "mc_pad_loss"), expected)
    # padding labelled as class 0 counts all eight positions
    padded = np.where(real, labels, 0)
    log_p_all = special.log_softmax(logits, axis=1)
    as_0 = -log_p_all[np.arange(8), padded].mean()
    assert np.isclose(glued_number(MULTICLASS, "mc_pad_as_0"), as_0)
    assert not np.isclose(as_0, expected)
