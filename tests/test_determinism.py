"""`make notebooks` is reproducible on the machine at hand: executing a
chapter twice gives the same file byte for byte (outputs, figures and
metadata), so no output depends on the run (a seed left out, the time, a
memory address).

This is a same-machine check.  Agreement with the stored notebook, written on
whatever machine last ran `make notebooks`, is nbval's check in `make test`,
with the tolerance of tools/compare.py; `make test-cpus` repeats it under
other CPU code paths.

Slow: it executes every chapter twice; CI runs it (``make test-slow``)."""

import shutil

import pytest

from tools.run_notebooks import execute
from tools.toc import toc_notebooks

pytestmark = pytest.mark.slow

NOTEBOOKS = toc_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_two_executions_give_the_same_bytes(tmp_path, path):
    runs = []
    for run in ("first", "second"):
        copy = tmp_path / run / path.name
        copy.parent.mkdir()
        shutil.copy(path, copy)
        execute(copy, workdir=path.parent)
        runs.append(copy.read_bytes())
    assert runs[0] == runs[1], (
        f"{path.name} differs between two executions on this machine: an "
        "output depends on the run (a seed, the time, a memory address)"
    )
