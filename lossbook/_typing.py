"""Type aliases for lossbook's public signatures."""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["ArrayLike", "FloatArray", "IntArray", "Reduction"]

Reduction: TypeAlias = Literal["mean", "sum", "none"]
"""How per-sample losses are combined: weighted mean, weighted sum, or none."""

FloatArray: TypeAlias = NDArray[np.floating]
IntArray: TypeAlias = NDArray[np.integer]
