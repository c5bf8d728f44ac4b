"""Re-execute the book's notebooks in place, deterministically.

    python -m tools.run_notebooks            # every notebook in _toc.yml
    python -m tools.run_notebooks book/x.ipynb

Each notebook runs top to bottom in a fresh kernel of this Python, with its
own folder as the working directory.  Run-dependent metadata (timings, the
Python version, widget state) is dropped, so running it twice leaves no diff.
"""

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools.book import toc_notebooks

KERNELSPEC = {
    "display_name": "Python 3",
    "language": "python",
    "name": "python3",
}


def execute(path, workdir=None):
    """Execute one notebook in place and return its path.

    The kernel runs in ``workdir``, by default the notebook's own folder.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(workdir or path.parent)}},
    )
    client.execute()
    nb.metadata = nbformat.NotebookNode(
        kernelspec=KERNELSPEC, language_info={"name": "python"}
    )
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    nbformat.write(nb, path)
    return path


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


def main(paths):
    paths = paths or toc_notebooks()
    with ProcessPoolExecutor(max_workers=2) as pool:
        for done in pool.map(execute, paths):
            print(f"executed {os.path.relpath(done)}")


if __name__ == "__main__":
    main(sys.argv[1:])
