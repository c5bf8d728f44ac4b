"""`make notebooks` is reproducible: re-executing a notebook with the same tool
gives the stored file back byte for byte (outputs, figures and metadata).

Slow: it executes every chapter a second time.  ``make test`` already checks
every output, figures included, through nbval's single execution; this check
adds the metadata and the exact bytes, and runs in CI (``make test-slow``)."""

import shutil

import pytest

from tools.run_notebooks import execute
from tools.toc import toc_notebooks

pytestmark = pytest.mark.slow

NOTEBOOKS = toc_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_re_execution_leaves_no_diff(tmp_path, path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    execute(copy, workdir=path.parent)
    assert copy.read_bytes() == path.read_bytes(), (
        f"{path.name} changes when re-executed: run `make notebooks` and commit; "
        "if it changes every time, an output depends on the run (seed, timing, memory address)"
    )
