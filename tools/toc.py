"""The book's table of contents (``_toc.yml``): which pages and chapter
notebooks the book has, and where each chapter's twin is.  The one place the
Makefile's scripts and the tests ask."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _entries(node):
    """Yield every ``file:`` entry below a node of the toc, in reading order."""
    if isinstance(node, dict):
        for key in ("root", "file"):
            if key in node:
                yield node[key]
        for value in node.values():
            if isinstance(value, (list, dict)):
                yield from _entries(value)
    elif isinstance(node, list):
        for item in node:
            yield from _entries(item)


def toc_entries():
    """The toc's entries as written (without file extension)."""
    return list(_entries(yaml.safe_load((ROOT / "_toc.yml").read_text())))


def numbered_entries():
    """The entries of the toc's numbered parts, as ``toc_entries`` writes
    them: the pages the book numbers as chapters."""
    parts = yaml.safe_load((ROOT / "_toc.yml").read_text())["parts"]
    return {
        chapter["file"]
        for part in parts
        if part.get("numbered")
        for chapter in part["chapters"]
    }


def toc_pages():
    """Existing source file of every toc entry, ``None`` where it is missing."""
    found = {}
    for entry in toc_entries():
        candidates = [ROOT / f"{entry}{ext}" for ext in (".ipynb", ".md")]
        found[entry] = next((p for p in candidates if p.exists()), None)
    return found


def toc_notebooks():
    """The notebooks of the book, in reading order."""
    return [
        p
        for p in toc_pages().values()
        if p is not None and p.suffix == ".ipynb"
    ]


def all_notebooks():
    """Every notebook file under ``book/``, whether or not the toc lists it."""
    return sorted(
        p
        for p in (ROOT / "book").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def twin(notebook):
    """The MyST Markdown twin of a chapter notebook: ``book/src/<name>.md``."""
    return notebook.parent / "src" / f"{notebook.stem}.md"
