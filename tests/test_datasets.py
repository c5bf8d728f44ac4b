"""lossbook.datasets: make_blobs, make_multiclass_blobs and make_imbalanced.

Shapes, class counts and determinism, then error messages.
"""

import numpy as np
import pytest

from lossbook import datasets
from tests.helpers import raises

# --------------------------------------------------------------- values


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


def test_whole_number_counts_may_be_floats():
    X, y = datasets.make_multiclass_blobs(12.0, n_classes=4.0)
    X2, y2 = datasets.make_multiclass_blobs(12, n_classes=4)
    np.testing.assert_array_equal(y, y2)
    np.testing.assert_array_equal(X, X2)
    assert np.bincount(y).tolist() == [3, 3, 3, 3]


def test_blob_separation():
    # the two class means are ~separation apart
    X, y = datasets.make_blobs(20000, separation=3.0)
    gap = np.linalg.norm(X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0))
    assert gap == pytest.approx(3.0, abs=0.1)


# --------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, message",
    [
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
        (
            lambda: datasets.make_blobs(100.5),
            r"^n_samples must be an integer, got 100.5",
        ),
        (
            lambda: datasets.make_multiclass_blobs(n_classes=3.5),
            r"^n_classes must be an integer, got 3.5",
        ),
        (
            lambda: datasets.make_multiclass_blobs(3, n_classes=4),
            r"^n_samples must lie in \[4, inf\], got 3",
        ),
        (
            lambda: datasets.make_imbalanced("many"),
            r"^n_samples must be a number, got 'many'",
        ),
        (
            lambda: datasets.make_blobs(separation=-1.0),
            r"^separation must lie in \[0, inf\]",
        ),
    ],
)
def test_option_out_of_range(call, message):
    with raises(message):
        call()
