"""Reading what the book's notebooks store: cells, outputs and glued values
(used by the tests and by the handout)."""

import functools
from pathlib import Path

import nbformat


def read(path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def glued(path):
    """The values a notebook glues, by name, as stored (their text/plain).

    Read once per version of the file: the tests ask for hundreds of values.
    """
    path = Path(path)
    return dict(_glued(path, path.stat().st_mtime_ns))


@functools.cache
def _glued(path, mtime_ns):
    values = {}
    for cell in code_cells(read(path)):
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                text = next(
                    v
                    for k, v in out["data"].items()
                    if k.endswith("text/plain")
                )
                values[name] = text
    return values


def glued_number(path, name):
    """A glued value as a Python number; fails loudly if it is not plain."""
    text = glued(path)[name]
    return float(text) if "." in text or "e" in text else int(text)
