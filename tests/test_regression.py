"""lossbook.regression: mse, rmse, mae and huber.

Hand-computed values (1-D and 2-D), error messages, hypothesis properties,
then PyTorch (tests/reference/torch_reference.json) and scikit-learn
(``mean_squared_error``, ``mean_absolute_error`` and
``root_mean_squared_error``, with their multioutput options).
"""

import math

import numpy as np
import pytest
import sklearn.metrics
from hypothesis import given
from hypothesis import strategies as st

import lossbook
from tests.helpers import (
    PROPERTY,
    assert_matches_pytorch,
    case_id,
    paired,
    raises,
    torch_cases,
)

# --------------------------------------------------------------- values


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


def test_two_dimensional_losses_average_over_all_elements():
    # PyTorch's reduction="mean" divides by the number of elements; PyTorch
    # 2.13 gives 7.5, 2.5 and 2.0 here (F.mse_loss, F.l1_loss, F.huber_loss)
    y, pred = np.zeros((2, 2)), np.array([[1.0, 2.0], [3.0, 4.0]])
    assert lossbook.mse(y, pred) == (1 + 4 + 9 + 16) / 4
    assert lossbook.mae(y, pred) == (1 + 2 + 3 + 4) / 4
    assert lossbook.huber(y, pred) == (0.5 + 1.5 + 2.5 + 3.5) / 4
    # with weights per row: (1 * (1 + 4) + 3 * (9 + 16)) / (4 * 2)
    assert lossbook.mse(y, pred, sample_weight=[1, 3]) == 80 / 8


def test_rmse_averages_the_outputs_rmse():
    # residual columns (3, -3) and (1, 1): RMSEs 3 and 1
    y, pred = np.zeros((2, 2)), np.array([[3.0, 1.0], [-3.0, 1.0]])
    assert lossbook.rmse(y, pred) == 2.0  # not sqrt((9 + 9 + 1 + 1) / 4)
    np.testing.assert_array_equal(
        lossbook.rmse(y, pred, multioutput="raw_values"), [3.0, 1.0]
    )
    assert lossbook.rmse(y, pred, multioutput=[1, 3]) == 1.5  # (3 + 3) / 4
    # sample weights act within each column: residuals (3, 1) and (0, 2)
    # weighted 3 and 1 give sqrt((27 + 1) / 4) = sqrt 7 and sqrt(4 / 4) = 1
    pred = np.array([[3.0, 0.0], [1.0, 2.0]])
    assert lossbook.rmse(y, pred, sample_weight=[3, 1]) == pytest.approx(
        (math.sqrt(7) + 1) / 2, rel=1e-15
    )
    # one output: raw_values is an array of one value
    np.testing.assert_array_equal(
        lossbook.rmse([0.0, 0.0], [3.0, -3.0], multioutput="raw_values"),
        [3.0],
    )


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.huber([1.0], [0.5], delta=0.0),
            r"^delta must lie in \(0, inf\], got 0",
        ),
        (
            lambda: lossbook.rmse(
                [1.0], [0.5], multioutput="variance_weighted"
            ),
            r"^multioutput must be one of \('uniform_average', 'raw_values'\) "
            r"or one weight per output, got 'variance_weighted'",
        ),
        (
            lambda: lossbook.rmse(
                np.zeros((2, 2)), np.ones((2, 2)), multioutput=[1, 2, 3]
            ),
            r"^multioutput has 3 entries but there are 2 outputs",
        ),
        (
            lambda: lossbook.rmse(
                np.zeros((2, 2)), np.ones((2, 2)), multioutput=[1, -1]
            ),
            r"^multioutput must be non-negative",
        ),
        (
            lambda: lossbook.rmse(
                np.zeros((2, 2)), np.ones((2, 2)), multioutput=[0, 0]
            ),
            r"^multioutput sums to zero",
        ),
        (
            lambda: lossbook.rmse(np.zeros((2, 2, 2)), np.ones((2, 2, 2))),
            r"^y_true must have \(1, 2\) dimension\(s\), got shape \(2, 2, 2\)",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()


# --------------------------------------------------------------- properties


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


# --------------------------------------------------------------- peers


RNG = np.random.default_rng(12345)


TORCH_CASES = torch_cases("huber", "mae", "mse")


@pytest.mark.parametrize(
    "case", TORCH_CASES, ids=[case_id(c) for c in TORCH_CASES]
)
def test_matches_pytorch(case):
    assert_matches_pytorch(case)


def test_regression_matches_sklearn():
    y, pred = RNG.normal(0, 3, 80), RNG.normal(0, 3, 80)
    w = RNG.uniform(0, 1, 80)
    assert lossbook.mse(y, pred, sample_weight=w) == pytest.approx(
        sklearn.metrics.mean_squared_error(y, pred, sample_weight=w), rel=1e-13
    )
    assert lossbook.mae(y, pred, sample_weight=w) == pytest.approx(
        sklearn.metrics.mean_absolute_error(y, pred, sample_weight=w),
        rel=1e-13,
    )


@pytest.mark.parametrize("weighted", [False, True])
def test_two_dimensional_mse_and_mae_match_sklearns_default(weighted):
    # scikit-learn's multioutput="uniform_average" (the mean of the columns'
    # errors) is the same number as the mean over all elements
    y, pred = RNG.normal(0, 3, (40, 3)), RNG.normal(0, 3, (40, 3))
    w = RNG.uniform(0, 1, 40) if weighted else None
    assert lossbook.mse(y, pred, sample_weight=w) == pytest.approx(
        sklearn.metrics.mean_squared_error(y, pred, sample_weight=w),
        rel=1e-13,
    )
    assert lossbook.mae(y, pred, sample_weight=w) == pytest.approx(
        sklearn.metrics.mean_absolute_error(y, pred, sample_weight=w),
        rel=1e-13,
    )


RMSE_CASES = [
    (shape, multioutput)
    for shape in [(40,), (40, 1), (40, 3)]
    for multioutput in ["uniform_average", "raw_values"]
] + [((40, 1), [2.0]), ((40, 3), [0.2, 0.0, 3.0])]


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("shape, multioutput", RMSE_CASES)
def test_rmse_matches_sklearn(shape, multioutput, weighted):
    y, pred = RNG.normal(0, 3, shape), RNG.normal(0, 3, shape)
    w = RNG.uniform(0, 1, 40) if weighted else None
    got = lossbook.rmse(y, pred, sample_weight=w, multioutput=multioutput)
    expected = sklearn.metrics.root_mean_squared_error(
        y, pred, sample_weight=w, multioutput=multioutput
    )
    if multioutput == "raw_values":
        assert got.shape == expected.shape
    else:
        assert type(got) is float
    np.testing.assert_allclose(got, expected, rtol=1e-13)
