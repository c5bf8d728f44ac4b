"""Sync each chapter with its twin, then re-execute it, deterministically.

    python -m tools.run_notebooks                 # every chapter in _toc.yml
    python -m tools.run_notebooks log-loss        # one chapter, by name
    python -m tools.run_notebooks book/x.ipynb    # or by path

For each chapter, the notebook ``book/<name>.ipynb`` and its MyST twin
``book/src/<name>.md`` are first brought together in memory: the file edited
last supplies the cells, the notebook supplies the cell ids.  Each chapter
then runs top to bottom in a fresh kernel of this Python, in its own folder.
Only when every chapter has run without an error are the notebooks (with
their new outputs) and the twins written; otherwise nothing is written, and
the report names each failing chapter and cell as JupyterLab shows it.
Run-dependent metadata (timings, the Python version) is dropped, so running
it twice leaves no diff.
"""

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jupytext
import jupytext.cli
import nbformat
from jupytext.combine import combine_inputs_with_outputs
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tools.toc import ROOT, toc_notebooks, twin

KERNELSPEC = {
    "display_name": "Python 3",
    "language": "python",
    "name": "python3",
}


class ChapterFailed(Exception):
    """A chapter's cell raised: which chapter, which cell, what error."""


def load(path):
    """The chapter's notebook, its cells taken from whichever of the notebook
    and its twin was edited last."""
    nb = nbformat.read(path, as_version=4)
    source = twin(path)
    if source.exists() and source.stat().st_mtime > path.stat().st_mtime:
        nb = combine_inputs_with_outputs(
            jupytext.read(source), nb, fmt="md:myst"
        )
    return nb


def run(nb, workdir):
    """Execute ``nb`` in a fresh kernel running in ``workdir``; return it with
    its outputs and without run-dependent metadata."""
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(workdir)}},
        # The kernel's start-up notices (e.g. about TCP transport) are not the
        # chapter's business; its errors still reach the report.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    client.execute()
    nb.metadata = nbformat.NotebookNode(
        kernelspec=KERNELSPEC, language_info={"name": "python"}
    )
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    return nb


def merge_streams(outputs):
    """Join consecutive stdout (or stderr) chunks: how the kernel happened to
    flush them is not part of the result."""
    merged = []
    for out in outputs:
        previous = merged[-1] if merged else None
        if (
            out.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == out.name
        ):
            previous.text += out.text
        else:
            merged.append(out)
    return merged


def execute(path, workdir=None):
    """Load, execute and write one chapter notebook in place (not its twin).

    Raises :class:`ChapterFailed`, naming the cell, if a cell raises.
    """
    path = Path(path)
    nb = _execute(path, workdir)
    nbformat.write(nb, path)
    return path


def _execute(path, workdir=None):
    nb = load(path)
    try:
        return run(nb, workdir or path.parent)
    except CellExecutionError as error:
        raise ChapterFailed(describe_failure(path, nb, error)) from None


def describe_failure(path, nb, error):
    """``book/x.ipynb, cell 12 (starts `w = ...`): ValueError: ...``"""
    failed = next(
        (
            (number, cell)
            for number, cell in enumerate(nb.cells, start=1)
            if any(
                out.get("output_type") == "error"
                for out in cell.get("outputs", [])
            )
        ),
        (None, None),
    )
    number, cell = failed
    where = "a cell"
    if cell is not None:
        first = cell.source.strip().split("\n", 1)[0]
        where = f"cell {number} (starts `{first}`)"
    message = f"{error.ename}: {error.evalue}".strip(": ")
    return f"{path.relative_to(ROOT)}, {where}: {message}"


def chapters(names):
    """Chapter notebooks from names (``log-loss``) or paths; all by default."""
    if not names:
        return toc_notebooks()
    known = {p.stem: p for p in toc_notebooks()}
    paths = []
    for name in names:
        stem = Path(name).stem
        if stem not in known:
            raise SystemExit(
                f"no chapter {name!r}; chapters: {', '.join(known)}"
            )
        paths.append(known[stem])
    return paths


def _try(path):
    try:
        return path, _execute(path), None
    except ChapterFailed as failure:
        return path, None, str(failure)


def main(names):
    paths = chapters(names)
    with ProcessPoolExecutor(max_workers=min(2, len(paths))) as pool:
        results = list(pool.map(_try, paths))
    failures = [failure for _, _, failure in results if failure]
    if failures:
        print("\n".join(["Not written: these chapters failed.", *failures]))
        print(
            "No notebook or twin was changed. If lossbook changed, run its "
            "tests first: .venv/bin/python -m pytest lossbook tests -k lossbook"
        )
        return 1
    for path, nb, _ in results:
        nbformat.write(nb, path)
        jupytext.cli.jupytext(["--quiet", "--sync", str(path)])
        print(
            f"executed {os.path.relpath(path)} and synced {os.path.relpath(twin(path))}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
