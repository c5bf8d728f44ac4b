"""The reader notebooks (tools/reader.py): the chapters as the notebook
bundle ships them, in plain Markdown that any Jupyter front end shows as the
book does, in a teacher and a student edition."""

import re
from functools import cache

import nbformat
import pytest
from myst_nb.core.variables import format_plain_text

from tools.grading import answer_cell
from tools.notebooks import glued, read
from tools.plumbing import without_glue
from tools.reader import (
    EDITIONS,
    GLOSSARY,
    book,
    glossary_notebook,
    reader_notebook,
)
from tools.toc import ROOT, toc_notebooks, twin

CHAPTERS = toc_notebooks()
IDS = [p.stem for p in CHAPTERS]
# What plain Jupyter would show as markup: a role, a directive fence, a MyST
# target.  Inline code is removed first ("`{glue:text}`" may be quoted).
MYST = re.compile(
    r"\{[\w:-]+\}`|^\s*(?:```+|:::+)\s*\{|^\([\w-]+\)=\s*$", re.M
)
CODE_SPAN = re.compile(r"(?<!\})(?:``.+?``|`[^`\n]+`)")
LINK = re.compile(r"\]\((?P<file>[\w.-]*)#(?P<anchor>[\w-]+)\)")
ANCHOR = re.compile(r'<a id="(?P<anchor>[\w-]+)"></a>')


@cache
def converted(path, edition):
    return reader_notebook(path, edition)


def markdown(nb):
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def solution_cells(path):
    """Indices of the code cells of the stored chapter inside a solution."""
    inside, found = False, set()
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type == "markdown":
            for fence in re.findall(
                r"\{(solution-start|solution-end)\}", cell.source
            ):
                inside = fence == "solution-start"
        elif inside:
            found.add(i)
    return found


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_no_myst_markup_is_left(path, edition):
    text = CODE_SPAN.sub("", markdown(converted(path, edition)))
    left = [
        text[max(0, m.start() - 40) : m.end() + 20]
        for m in MYST.finditer(text)
    ]
    assert not left, f"{path.name} ({edition}): {left[:3]}"


def test_the_check_sees_markup():
    """The check above fails on each kind of MyST markup."""
    for sample in (
        "costs {glue:text}`x:.3f` nats",
        ":::{admonition} Note\nbody\n:::",
        "```{exercise}\nbody\n```",
        "(chapter-x)=\n# X",
    ):
        assert MYST.search(CODE_SPAN.sub("", sample)), sample


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_glued_number_is_written_in_as_the_book_shows_it(path):
    text = markdown(converted(path, "teacher"))
    values = glued(path)
    source = twin(path).read_text(encoding="utf-8")
    for name, spec in re.findall(
        r"\{glue:text\}`(?![^`]*::)([\w]+):?([^`]*)`", source
    ):
        shown = format_plain_text(values[name], spec or "s")
        assert shown in text, f"{path.name}: {name} should read {shown}"


def test_a_glued_number_reads_as_in_the_book():
    """One value checked by hand: the undecided prediction costs ln 2."""
    text = markdown(converted(ROOT / "book" / "log-loss.ipynb", "teacher"))
    assert "An undecided prediction costs $\\ln 2 =$ 0.693 nats" in text


def visible_outputs(cell):
    return [
        o for o in cell.outputs if "scrapbook" not in o.get("metadata", {})
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_teacher_edition_keeps_every_computation_and_output(path):
    """The book's code cells without their glue calls, and every output a
    reader sees; a cell that only glued is left out."""
    stored = [
        c
        for c in read(path).cells
        if c.cell_type == "code"
        and (without_glue(c.source).strip() or visible_outputs(c))
    ]
    teacher = [
        c for c in converted(path, "teacher").cells if c.cell_type == "code"
    ]
    assert [c.source for c in teacher] == [
        without_glue(c.source) for c in stored
    ]
    assert [c.outputs for c in teacher] == [visible_outputs(c) for c in stored]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_no_glue_call_is_left(path, edition):
    code = "\n".join(
        c.source
        for c in converted(path, edition).cells
        if c.cell_type == "code"
    )
    assert "glue(" not in code and "glue_all(" not in code
    assert "import glue" not in code


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_student_edition_has_an_answer_cell_for_each_solution(path):
    stored = read(path).cells
    source = twin(path).read_text(encoding="utf-8")
    solutions = re.findall(r"\{solution-start\}\s*(\S+)", source)
    student = converted(path, "student")
    answers = [
        c
        for c in student.cells
        if c.cell_type == "code" and c.source.startswith("# Exercise")
    ]
    assert len(answers) == len(solutions)
    for cell, label in zip(answers, solutions, strict=True):
        number = book().exercises.get(label, "")
        assert cell.source == answer_cell(label, number)
        assert cell.source.startswith(f"# Exercise {number}: your answer")
        assert not cell.outputs
    # every other code cell is the book's, solutions' cells left out
    hidden = solution_cells(path)
    kept = [
        without_glue(c.source)
        for i, c in enumerate(stored)
        if c.cell_type == "code"
        and i not in hidden
        and (without_glue(c.source).strip() or visible_outputs(c))
    ]
    assert [
        c.source
        for c in student.cells
        if c.cell_type == "code" and c not in answers
    ] == kept
    # and no solution prose: the first words of each solution are absent
    text = markdown(student)
    for match in re.finditer(
        r"\{solution-start\}[^\n]*\n(?::[^\n]*\n)*```\n+(?P<first>[^\n`{]{30,})",
        source,
    ):
        first = match["first"][:30]
        assert first not in text, f"{path.name}: solution shown: {first}"
    assert "Solution to Exercise" not in text


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_link_reaches_an_anchor_in_the_bundle(edition):
    notebooks = {p.name: converted(p, edition) for p in CHAPTERS}
    notebooks[GLOSSARY] = glossary_notebook()
    anchors = {
        name: set(ANCHOR.findall(markdown(nb)))
        for name, nb in notebooks.items()
    }
    broken, links = [], 0
    for name, nb in notebooks.items():
        for link in LINK.finditer(markdown(nb)):
            links += 1
            target = link["file"] or name
            if link["anchor"] not in anchors.get(target, set()):
                broken.append(f"{name} -> {target}#{link['anchor']}")
    assert not broken, broken[:5]
    # the chapters' references, terms and figures: 250 for the ten chapters
    # (a fork may have fewer)
    assert links > 25 * len(CHAPTERS)


def test_editions_round_trip_as_valid_notebooks():
    for path in CHAPTERS:
        for edition in EDITIONS:
            nbformat.validate(converted(path, edition))


def test_the_handout_numbers_figures_as_the_book():
    """A {numref} in an exercise reads "Fig. 8.3" in the handout, as in the
    book (it used to read as its label, "fig-ls-sweep"): every such
    reference of the exercises, so that the test holds in a fork that
    removed the chapter of one of them."""
    from tools.handout import EXERCISE, page

    text = page()
    assert not re.search(r"\bfig-[\w-]+", text)
    labels = [
        label
        for path in CHAPTERS
        for exercise in EXERCISE.finditer(twin(path).read_text("utf-8"))
        for label in re.findall(r"\{numref\}`(fig-[\w-]+)`", exercise["body"])
    ]
    if not labels:
        pytest.skip("no exercise refers to a figure")
    for label in labels:
        number = book().figures[label][1]  # as the built book prints it
        assert re.search(rf"\b{re.escape(number)}(?![\d.]\d)", text), label
