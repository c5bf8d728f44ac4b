"""Structural checks: the toc, the notebooks and their stored outputs.

nbval compares only cells that were executed and stored with their outputs, so
these checks make sure nothing slips past it: every notebook is in the toc,
every code cell was run, in order, in a fresh kernel, and no output depends on
the run (memory addresses, warnings, timings).
"""

import re

import pytest

from tools.notebooks import code_cells, glued, read
from tools.toc import ROOT, all_notebooks, toc_notebooks, toc_pages

NOTEBOOKS = toc_notebooks()
IDS = [p.stem for p in NOTEBOOKS]


def test_every_toc_entry_exists():
    missing = [entry for entry, path in toc_pages().items() if path is None]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_every_notebook_is_in_the_toc():
    orphans = sorted(set(all_notebooks()) - set(NOTEBOOKS))
    assert not orphans, (
        f"notebooks missing from _toc.yml: {[str(p.relative_to(ROOT)) for p in orphans]}"
    )


def test_the_book_has_chapters():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_code_cell_was_executed_in_order(path):
    counts = [cell.execution_count for cell in code_cells(read(path))]
    assert None not in counts, (
        f"{path.name}: unexecuted cells; run `make notebooks`"
    )
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: cells were not run top to bottom in one fresh kernel; run `make notebooks`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_outputs_are_clean_and_deterministic(path):
    for cell in code_cells(read(path)):
        for out in cell.outputs:
            assert out.output_type != "error", (
                f"{path.name}: stored error in\n{cell.source}"
            )
            assert not (
                out.output_type == "stream" and out.name == "stderr"
            ), f"{path.name}: output on stderr (a warning?) in\n{cell.source}"
            text = str(out.get("text", "")) + str(
                out.get("data", {}).get("text/plain", "")
            )
            assert not re.search(r"at 0x[0-9a-f]+", text), (
                f"{path.name}: memory address in output"
            )
            assert "Warning" not in text, (
                f"{path.name}: warning in output of\n{cell.source}"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_plotting_cells_end_with_show(path):
    for cell in code_cells(read(path)):
        if re.search(r"\bplt\.|\.plot\(", cell.source):
            assert cell.source.rstrip().endswith("plt.show()"), (
                f"{path.name}: a plotting cell must end with plt.show():\n{cell.source}"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_glued_values_are_plain_python_numbers(path):
    for name, text in glued(path).items():
        assert not text.startswith(("np.", "array", "<")), (
            f"{path.name}: glue {name!r} stores {text}"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_metadata_is_run_independent(path):
    nb = read(path)
    assert set(nb.metadata) <= {"kernelspec", "language_info"}, sorted(
        nb.metadata
    )
    assert "version" not in nb.metadata.get("language_info", {})
    assert not any("execution" in cell.metadata for cell in nb.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_chapter_follows_the_pattern(path):
    markdown = "\n".join(
        c.source for c in read(path).cells if c.cell_type == "markdown"
    )
    for part in (
        "Learning objectives",
        "## Exercises",
        "## Key takeaways",
        "## References",
    ):
        assert part in markdown, (
            f"{path.name}: missing {part!r} (see CONTRIBUTING.md)"
        )
    assert len(re.findall(r"```\{exercise\}", markdown)) >= 4, (
        f"{path.name}: fewer than 4 exercises"
    )
    starts = re.findall(r"```\{solution-start\}", markdown)
    assert len(starts) == len(re.findall(r"```\{exercise\}", markdown)), (
        f"{path.name}: an exercise lacks a solution"
    )


def test_chapter_map_matches_the_toc():
    from tools.chapter_map import MAP, draw

    assert MAP.read_text() == draw(), (
        "the chapter map is out of date: run `make notebooks`"
    )


# A reader who downloads one chapter learns from its first cell what it needs.
PACKAGES = {
    "numpy": "NumPy",
    "matplotlib": "Matplotlib",
    "scipy": "SciPy",
    "sklearn": "scikit-learn",
    "threadpoolctl": "threadpoolctl",
    "mpmath": "mpmath",
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_cell_says_how_to_run_the_chapter(path):
    nb = read(path)
    first = nb.cells[0].source
    assert "Running this chapter" in first and "notebook bundle" in first, (
        f"{path.name}: the first cell must say how to get the bundle"
    )
    # collapsed to its title, so that on a phone it does not fill the first
    # screen of the chapter
    assert ":class: note dropdown" in first, path.name
    code = "\n".join(cell.source for cell in code_cells(nb))
    imported = {
        module
        for module in PACKAGES
        if re.search(rf"^\s*(import|from) {module}\b", code, re.M)
    }
    if re.search(r"lossbook\.reference|from lossbook import reference", code):
        imported.add("mpmath")  # lossbook.reference computes with mpmath
    missing = [PACKAGES[m] for m in imported if PACKAGES[m] not in first]
    assert not missing, f"{path.name}: the set-up note does not name {missing}"


# Figures a reader can read (lossbook.figures): every chapter draws with the
# book's style, and every stored figure is a 2x PNG shown at most
# WIDTH_INCHES * DPI CSS pixels wide, so the book never shrinks it on a
# desktop and its 11-point tick labels are 15 CSS px there.
def _png_size(data: str) -> tuple[int, int]:
    import base64
    import struct

    header = base64.b64decode(data[:64])
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_figures_are_sharp_and_fit_the_column(path):
    from lossbook.figures import DPI, WIDTH_INCHES

    nb = read(path)
    cells = code_cells(nb)
    if not any(
        "image/png" in o.get("data", {}) for c in cells for o in c.outputs
    ):
        return
    first_code = cells[0].source
    assert "use_book_style()" in first_code, (
        f"{path.name}: the first code cell must call "
        "lossbook.figures.use_book_style()"
    )
    for number, cell in enumerate(cells, 1):
        for output in cell.outputs:
            data = output.get("data", {})
            if "image/png" not in data:
                continue
            width, height = _png_size(data["image/png"])
            shown = output.get("metadata", {}).get("image/png", {})
            where = f"{path.name}, code cell {number} ({cell.source[:40]!r})"
            assert (shown.get("width"), shown.get("height")) == (
                width // 2,
                height // 2,
            ), f"{where}: not stored at twice its shown size"
            assert shown["width"] <= WIDTH_INCHES * DPI * 1.04, (
                f"{where}: {shown['width']} px wide; the style's figures are "
                f"{WIDTH_INCHES * DPI:.0f}"
            )
            assert not re.search(
                r"fontsize\s*=\s*['\"](x+-)?small|labelsize\s*=\s*[0-9]",
                cell.source,
            ), f"{where}: a font smaller than the style's"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_printed_output_fits_the_code_column(path):
    """Printed text, tables and error messages fit the 79 columns of the
    book's code column (code lines are held to it by ruff, book/ruff.toml)."""
    for number, cell in enumerate(code_cells(read(path)), 1):
        for output in cell.outputs:
            text = output.get("text") or output.get("data", {}).get(
                "text/plain", ""
            )
            if output.get("output_type") == "error":
                text = f"{output.ename}: {output.evalue}"
            for line in "".join(text).splitlines():
                assert len(line) <= 79, (
                    f"{path.name}, code cell {number}: a line of "
                    f"{len(line)} characters: {line!r}"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_cells_are_short(path):
    """One idea per cell: no code cell over 25 lines (a longer cell is
    split, with a sentence of prose before its second part, or its plumbing
    moved to lossbook)."""
    long = [
        (number, len(cell.source.splitlines()))
        for number, cell in enumerate(read(path).cells, start=1)
        if cell.cell_type == "code" and len(cell.source.splitlines()) > 25
    ]
    assert not long, f"{path.name}: cells (number, lines) too long: {long}"
