"""The numbers guard: no number in the prose states a computed result unless
it is glued from the cell that computes it (see tests/prose.py), glued
numbers never show as raw e-notation, and every figure has a caption, a name
and alt text."""

import re
import shutil

import nbformat
import pytest
from myst_nb.core.variables import format_plain_text

from tests import prose
from tools.notebooks import glued, read
from tools.toc import ROOT, toc_notebooks, toc_pages

PAGES = {path.stem: path for path in toc_pages().values()}
CHAPTERS = toc_notebooks()
E_NOTATION = re.compile(r"\d[eE][+-]?\d")


@pytest.mark.parametrize("page", PAGES)
def test_no_number_is_typed_by_hand(page):
    found, _ = prose.findings(
        page, prose.page_texts(PAGES[page]), prose.declarations(page)
    )
    assert not found, (
        "numbers typed into the prose: glue each computed one "
        "({glue:text}`name:.3f`), or declare an input or definition in "
        f"book/declared-numbers/{page}.yml with its reason\n"
        + "\n".join(map(str, found))
    )


@pytest.mark.parametrize("page", PAGES)
def test_every_declaration_is_used_and_has_a_reason(page):
    declared = prose.declarations(page)
    _, used = prose.findings(page, prose.page_texts(PAGES[page]), declared)
    unused = [phrase for phrase, _ in declared if phrase not in used]
    assert not unused, (
        f"{page}: declared phrases no longer in the prose: {unused}"
    )
    assert all(len(reason.split()) >= 2 for _, reason in declared), page


@pytest.mark.parametrize("page", PAGES)
def test_each_declaration_is_an_input_of_the_code_or_a_sourced_fact(page):
    """An input's numbers are literals of the chapter's code, so a changed
    input fails at every sentence that repeats it; a fact names its source;
    a derived number is not declared at all (it is glued)."""
    wrong = [
        f"{e['phrase']!r}: kind {e.get('kind')!r}"
        for e in prose.entries(page)
        if e.get("kind") not in prose.KINDS
        or (e["kind"] == "fact" and len(str(e.get("source", "")).split()) < 2)
    ]
    assert not wrong, (
        f"{page}: each declaration needs `kind: input` (a number of the "
        "chapter's code) or `kind: fact` with its `source`:\n"
        + "\n".join(wrong)
    )
    problems = prose.input_problems(page, PAGES[page])
    assert not problems, "\n".join(problems)


def test_changing_an_input_fails_where_the_prose_repeats_it(tmp_path):
    """The worked batch's third prediction, 0.2, declared as an input: in a
    copy of the chapter whose code uses 0.3 instead, the declaration no
    longer holds."""
    chapter = ROOT / "book" / "log-loss.ipynb"
    assert not prose.input_problems("log-loss", chapter)
    nb = read(chapter)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = re.sub(r"(?<![\d.])0\.2(?!\d)", "0.3", cell.source)
    copy = tmp_path / "log-loss.ipynb"
    nbformat.write(nb, copy)
    problems = prose.input_problems("log-loss", copy)
    assert any("0.2 is not in the code" in p for p in problems), problems


def test_declarations_belong_to_pages():
    files = {path.stem for path in prose.DECLARATIONS.glob("*.yml")}
    assert files <= set(PAGES), (
        f"declarations for no page: {files - set(PAGES)}"
    )


# Hand-typed results found in the first edition; each must be caught.
FIRST_EDITION = [
    "the mini-batch mean 0.280",
    r"$\sigma(-40)$ is about $4 \times 10^{-18}$",
    "the true loss is almost exactly 40",
    "400 against 2500 and 20 against 50",
    "more than a thousand times smaller",
    r"the gradient is $[0.8, -1.6]$",
    "would underflow to zero for a few thousand flips",
    "around $z = -37$",
    "a lazy model is 99 % accurate",
    "a pull of +0.5 / −0.5",
    "1/99, a probability of 0.01",
    "a ratio of 2/3",
    "it took 1,190 flips",
    "the loss is 0.105.",
    "the clamped loss is reported as 100, not infinity",
    "a ratio of 2/3.",
    "```{exercise}\n:label: ex-1\n\nShow that the loss is 0.105.\n```",
]


@pytest.mark.parametrize("sentence", FIRST_EDITION)
def test_the_guard_catches_typed_results(sentence):
    found, _ = prose.findings("example", [("text", sentence)])
    assert found, f"the guard let through {sentence!r}"


@pytest.mark.parametrize(
    "sentence",
    [
        "{glue:text}`batch_mean:.3f` is the mean over three samples",
        "see {numref}`fig-log-loss-curves` and {cite:t}`lin2017focal`",
        "with $y = 1$ and a logit $z$, in float64 and float32",
        r"$\log_{10} x$ counts factors of ten",
    ],
)
def test_the_guard_lets_through_what_is_not_typed(sentence):
    found, _ = prose.findings("example", [("text", sentence)])
    assert not found, found


def test_a_declared_phrase_allows_only_its_own_numbers():
    text = "we choose $a = 0.9$; the loss is 0.105"
    found, used = prose.findings(
        "example",
        [("text", text)],
        [("$a = 0.9$", "an input the author chose")],
    )
    assert used == {"$a = 0.9$"}
    assert [f.kind for f in found] == ["decimal"] and "0.105" in found[0].text


def test_the_guard_bites_on_a_tampered_chapter(tmp_path):
    chapter = CHAPTERS[0]
    shutil.copy(chapter, tmp_path / chapter.name)
    nb = read(tmp_path / chapter.name)
    nb.cells.append(nbformat.v4.new_markdown_cell("The loss is 1.667 here."))
    plot = nbformat.v4.new_code_cell("plt.plot([0, 1])\nplt.show()")
    plot.outputs = [
        nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBORw0KGgo="}
        )
    ]
    nb.cells.append(plot)
    nbformat.write(nb, tmp_path / chapter.name)
    declared = prose.declarations(chapter.stem)
    before, _ = prose.findings(
        chapter.stem, prose.page_texts(chapter), declared
    )
    after, _ = prose.findings(
        chapter.stem, prose.page_texts(tmp_path / chapter.name), declared
    )
    seen = {(f.kind, f.text) for f in before}
    new = [f.text.strip() for f in after if (f.kind, f.text) not in seen]
    assert new == ["The loss is 1.667 here."]
    problems = set(prose.figure_problems(nb)) - set(
        prose.figure_problems(read(chapter))
    )
    assert len(problems) == 3, problems


@pytest.mark.parametrize("page", PAGES)
def test_glued_numbers_are_not_shown_in_e_notation(page):
    texts = [text for _, text in prose.page_texts(PAGES[page])]
    shown = []
    for role, other, name, spec in prose.glue_references("\n".join(texts)):
        notebook = (other or page).removesuffix(".ipynb")
        source = ROOT / "book" / f"{notebook}.ipynb"
        value = glued(source)[name]
        if role == "sci":
            assert (spec or "").endswith("e"), (
                f"{page}: {{glue:sci}}`{name}` needs an e format"
            )
            continue
        text = (
            format_plain_text(value, spec or "s")
            if role in ("text", None, "")
            else value
        )
        if E_NOTATION.search(text):
            shown.append(
                f"{name} shows as {text!r}: use {{glue:sci}}`{name}:.1e`"
            )
    assert not shown, f"{page}: " + "; ".join(shown)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_figure_has_a_caption_a_name_and_alt_text(path):
    problems = prose.figure_problems(read(path))
    assert not problems, f"{path.name}:\n" + "\n".join(problems)
