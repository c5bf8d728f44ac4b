"""Small seeded data sets for the book's examples.

Every generator returns ``(X, y)`` with ``X`` of shape ``(n_samples, 2)`` and
integer labels ``y``, shuffled, and gives the same data for the same
``random_state``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._typing import FloatArray, IntArray
from ._validation import check_integer, check_scalar


def _gaussian_classes(
    centers: FloatArray,
    counts: Sequence[int] | IntArray,
    rng: np.random.Generator,
) -> tuple[FloatArray, IntArray]:
    """Unit-variance Gaussian samples around ``centers``, ``counts[k]`` for class k, shuffled."""
    y = np.repeat(np.arange(len(counts)), counts)
    X = centers[y] + rng.standard_normal((y.size, centers.shape[1]))
    order = rng.permutation(y.size)
    return X[order], y[order]


def make_blobs(
    n_samples: int = 200,
    *,
    separation: float = 2.0,
    random_state: int | None = 0,
) -> tuple[FloatArray, IntArray]:
    r"""Two overlapping Gaussian blobs, a binary problem with labels 0 and 1.

    Class :math:`k` is :math:`\mathcal N(\pm\frac{s}{2\sqrt 2}(1, 1), I)`
    (minus for class 0): the centres lie on the diagonal, :math:`s` =
    ``separation`` apart (the default 2 gives a Bayes error of
    :math:`\Phi(-1) \approx 16\%`, so the problem is not separable).  Half the
    samples (rounded down) are class 0.

    Args:
        n_samples: number of samples, at least 2.
        separation: distance between the two centres, at least 0.
        random_state: seed.

    Returns:
        ``(X, y)``: features ``(n_samples, 2)`` and labels in {0, 1}.

    >>> X, y = make_blobs(100)
    >>> X.shape, int(y.sum())
    ((100, 2), 50)
    """
    n = check_integer(n_samples, "n_samples", low=2)
    s = check_scalar(separation, "separation", low=0, high=np.inf)
    centers = np.array([[-1.0, -1.0], [1.0, 1.0]]) * s / (2 * np.sqrt(2))
    return _gaussian_classes(
        centers, [n // 2, n - n // 2], np.random.default_rng(random_state)
    )


def make_multiclass_blobs(
    n_samples: int = 300,
    *,
    n_classes: int = 3,
    radius: float = 2.0,
    random_state: int | None = 0,
) -> tuple[FloatArray, IntArray]:
    r"""Gaussian blobs of ``n_classes`` classes, centres evenly spaced on a circle.

    Class :math:`k` is :math:`\mathcal N(\mu_k, I)` with
    :math:`\mu_k = r\,(\cos(2\pi k/K), \sin(2\pi k/K))`.

    Args:
        n_samples: number of samples, at least ``n_classes``; split as evenly
            as possible between the classes.
        n_classes: number of classes, at least 2.
        radius: distance of each centre from the origin, at least 0.
        random_state: seed.

    Returns:
        ``(X, y)``: features ``(n_samples, 2)`` and labels 0..n_classes-1.

    >>> X, y = make_multiclass_blobs(300, n_classes=3)
    >>> X.shape, np.bincount(y).tolist()
    ((300, 2), [100, 100, 100])
    """
    k = check_integer(n_classes, "n_classes", low=2)
    n = check_integer(n_samples, "n_samples", low=k)
    r = check_scalar(radius, "radius", low=0, high=np.inf)
    angles = 2 * np.pi * np.arange(k) / k
    centers = r * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    counts = np.full(k, n // k) + (np.arange(k) < n % k)
    return _gaussian_classes(
        centers, counts, np.random.default_rng(random_state)
    )


def make_imbalanced(
    n_samples: int = 1000,
    *,
    positive_fraction: float = 0.01,
    separation: float = 2.0,
    random_state: int | None = 0,
) -> tuple[FloatArray, IntArray]:
    r"""A binary problem with few positives (99:1 by default), as two Gaussian blobs.

    Class :math:`k` is :math:`\mathcal N(\pm\frac{s}{2\sqrt 2}(1, 1), I)`, as in
    :func:`lossbook.datasets.make_blobs`, with a share ``positive_fraction`` of
    positives.

    Args:
        n_samples: number of samples, at least 2.
        positive_fraction: share of class 1, in (0, 1); the number of
            positives is ``round(n_samples * positive_fraction)``, at least 1.
        separation: distance between the two centres, as in :func:`lossbook.datasets.make_blobs`.
        random_state: seed.

    Returns:
        ``(X, y)``: features ``(n_samples, 2)`` and labels in {0, 1}.

    >>> X, y = make_imbalanced(1000)
    >>> int(y.sum())
    10
    """
    n = check_integer(n_samples, "n_samples", low=2)
    f = check_scalar(
        positive_fraction, "positive_fraction", low=0, high=1, low_open=True
    )
    if f >= 1:
        raise ValueError(f"positive_fraction must be below 1, got {f:g}")
    s = check_scalar(separation, "separation", low=0, high=np.inf)
    n_pos = min(max(round(n * f), 1), n - 1)
    centers = np.array([[-1.0, -1.0], [1.0, 1.0]]) * s / (2 * np.sqrt(2))
    return _gaussian_classes(
        centers, [n - n_pos, n_pos], np.random.default_rng(random_state)
    )
