"""Each chapter notebook has a MyST Markdown twin in book/src/, and the two
hold the same cells: the twin is what authors edit and reviewers read, the
notebook what nbval checks and the book renders."""

import jupytext
import pytest

from tools.notebooks import read
from tools.toc import ROOT, toc_notebooks, twin

CHAPTERS = toc_notebooks()


def cells(nb):
    return [(c.cell_type, c.source, dict(c.metadata)) for c in nb.cells]


def test_every_twin_has_a_chapter():
    orphans = {p.stem for p in (ROOT / "book" / "src").glob("*.md")}
    orphans -= {p.stem for p in CHAPTERS}
    assert not orphans, (
        f"twins without a chapter in _toc.yml: {sorted(orphans)}"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_and_twin_are_in_sync(path):
    source = twin(path)
    assert source.exists(), (
        f"{path.stem}: no twin; run `make notebooks NB={path.stem}`"
    )
    text, notebook = cells(jupytext.read(source)), cells(read(path))
    differing = [
        i + 1
        for i, (a, b) in enumerate(zip(text, notebook, strict=False))
        if a != b
    ]
    assert len(text) == len(notebook) and not differing, (
        f"{path.stem}: book/src/{source.name} and book/{path.name} differ "
        f"(cells {differing[:5] or 'count'}); run `make notebooks NB={path.stem}`, "
        "which syncs the pair from the file edited last"
    )
