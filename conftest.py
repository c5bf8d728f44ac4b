"""Doctests in lossbook/ and tools/ see NumPy as ``np``, as the docstrings write it."""

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _numpy_in_doctests(doctest_namespace):
    doctest_namespace["np"] = np
