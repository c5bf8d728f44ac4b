"""lossbook.regression: mse, rmse, mae and huber.

Hand-computed values, error messages, hypothesis properties, then PyTorch
(tests/reference/torch_reference.json) and scikit-learn.
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


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: lossbook.huber([1.0], [0.5], delta=0.0),
            r"^delta must lie in \(0, inf\], got 0",
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
    assert lossbook.rmse(y, pred) == pytest.approx(
        sklearn.metrics.root_mean_squared_error(y, pred), rel=1e-13
    )
