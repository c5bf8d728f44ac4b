"""Removing a chapter (tools/fork.py, ``python -m tools.fork remove``).

The finders are checked on small texts with results written by hand; the
syllabus entries a fork no longer shows are reported here as skipped; and
(slow, ``make test-slow``) a copy of the committed repository loses a
chapter by the documented path, after which the checks that depend on the
set of chapters and the strict build pass in the copy.
"""

import os
import re
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from tools import fork
from tools.fork import Change, Target, Uncovered
from tools.toc import ROOT, toc_notebooks

# A small chapter "alpha" (title "Alpha: the first"), as its twin would
# define its labels.
TWIN = """\
(chapter-alpha)=
# Alpha: the first

Intro.

(sec-alpha-one)=
## One thing

```{code-cell}
---
mystnb:
  figure:
    caption: A curve.
    name: fig-alpha-curve
  image:
    alt: A curve that rises from left to right, then flattens out.
---
plt.plot([0, 1])
plt.show()
```

$$
a = b
$$ (eq-alpha)

```{raw} html
:file: islands/alpha.html
```

(alpha-note)=
A paragraph with a label.

## Exercises

```{exercise}
:label: ex-alpha-first

Do it.
```

```{solution-start} ex-alpha-first
:class: dropdown
```

Done.

```{solution-end}
```
"""
TITLE = "Alpha: the first"
FOUND = fork.targets(TWIN)


def words(text):
    """The references of ``text`` into alpha and the words replacing them."""
    return [
        (r.markup, r.words)
        for r in fork.references(text, FOUND, "alpha", TITLE)
    ]


# ------------------------------------------------------------- targets


def test_targets_of_a_chapter():
    assert FOUND == {
        "chapter-alpha": Target("chapter-alpha", "chapter", TITLE),
        "sec-alpha-one": Target("sec-alpha-one", "section", "One thing"),
        "alpha-note": Target("alpha-note", "target", TITLE),
        "ex-alpha-first": Target("ex-alpha-first", "exercise", TITLE),
        "fig-alpha-curve": Target("fig-alpha-curve", "figure", TITLE),
        "eq-alpha": Target("eq-alpha", "equation", TITLE),
    }


def test_targets_of_directives_with_names():
    text = (
        "# Beta\n\n```{figure} images/b.svg\n:name: fig-b\n:alt: a b\n\nB.\n"
        "```\n\n```{glue:figure} b_plot\n:name: fig-b-glued\n```\n"
        ":::{math}\n:label: eq-b\nx\n:::\n"
    )
    assert {k: t.kind for k, t in fork.targets(text).items()} == {
        "fig-b": "figure",
        "fig-b-glued": "figure",
        "eq-b": "equation",
    }


def test_chapter_title_and_islands():
    assert fork.chapter_title(TWIN) == TITLE
    assert fork.islands(TWIN) == ["islands/alpha.html"]
    with pytest.raises(ValueError):
        fork.chapter_title("## Only a section\n")


# ---------------------------------------------------------- references


def test_each_kind_of_reference_becomes_plain_words():
    text = (
        "See {ref}`chapter-alpha`, {ref}`sec-alpha-one` and "
        "{ref}`the note <alpha-note>`; ({numref}`fig-alpha-curve`), "
        "{numref}`ex-alpha-first`, {eq}`eq-alpha`, {doc}`alpha`, "
        "{doc}`the chapter <../book/alpha>`, [this](alpha.ipynb#sec), "
        "[that](#sec-alpha-one)."
    )
    assert words(text) == [
        ("{ref}`chapter-alpha`", "*Alpha: the first*"),
        ("{ref}`sec-alpha-one`", "*One thing*"),
        ("{ref}`the note <alpha-note>`", "the note"),
        ("{numref}`fig-alpha-curve`", "a figure of *Alpha: the first*"),
        ("{numref}`ex-alpha-first`", "an exercise of *Alpha: the first*"),
        ("{eq}`eq-alpha`", "an equation of *Alpha: the first*"),
        ("{doc}`alpha`", "*Alpha: the first*"),
        ("{doc}`the chapter <../book/alpha>`", "the chapter"),
        ("[this](alpha.ipynb#sec)", "this"),
        ("[that](#sec-alpha-one)", "that"),
    ]


def test_references_elsewhere_are_left_alone():
    text = (
        "{ref}`chapter-beta`, {ref}`alpha <chapter-beta>`, {doc}`alpha-beta`,"
        " {numref}`fig-beta`, [a site](https://example.org/alpha.html), "
        "![an image](alpha.png), [b](#sec-beta), {term}`chapter-alpha`, "
        "{glue:text}`chapter-alpha`"
    )
    assert words(text) == []


def test_labels_match_in_any_case_as_sphinx_reads_them():
    assert words("{ref}`Chapter-Alpha`") == [
        ("{ref}`Chapter-Alpha`", "*Alpha: the first*")
    ]


def test_a_numbered_thing_at_a_sentence_start_is_capitalised():
    assert words("Done. {numref}`fig-alpha-curve` shows it.") == [
        ("{numref}`fig-alpha-curve`", "A figure of *Alpha: the first*")
    ]
    assert words("{numref}`ex-alpha-first` asks") == [
        ("{numref}`ex-alpha-first`", "An exercise of *Alpha: the first*")
    ]
    # a numref's own words with a number placeholder cannot stand alone
    assert words("as (see {numref}`Fig. %s <fig-alpha-curve>`)") == [
        (
            "{numref}`Fig. %s <fig-alpha-curve>`",
            "a figure of *Alpha: the first*",
        )
    ]


def test_borrowed_glue_is_found_in_both_forms():
    text = (
        "We saw {glue:text}`alpha.ipynb::acc:.0%` and {glue}`alpha.ipynb::n`"
        " and our own {glue:text}`acc:.2f`,\n"
        "and {glue:text}`alphabet.ipynb::k` elsewhere.\n\n"
        "```{glue:figure} alpha.ipynb::curve\n:name: fig-borrowed\n```\n"
        ":::{glue:math} ../book/alpha.ipynb::eq\n:::\n"
    )
    assert fork.borrowed_glue(text, "alpha") == [
        (1, "{glue:text}`alpha.ipynb::acc:.0%`"),
        (1, "{glue}`alpha.ipynb::n`"),
        (4, "```{glue:figure} alpha.ipynb::curve"),
        (7, ":::{glue:math} ../book/alpha.ipynb::eq"),
    ]


# ------------------------------------------------------------- rewrite


def rewrite(text):
    return fork.rewrite(text, FOUND, "alpha", TITLE)


def test_rewrite_lists_each_changed_line_once_by_its_new_number():
    text = (
        "First line.\n"
        "As in {ref}`chapter-alpha` and {numref}`fig-alpha-curve`.\n"
        "\n"
        "| Chapter | Needs |\n"
        "|:--|:--|\n"
        "| {ref}`chapter-alpha` | sums |\n"
        "| {ref}`chapter-beta` | {ref}`sec-alpha-one` |\n"
        "\n"
        "End, {doc}`the first\nchapter <alpha>`.\n"
    )
    new, changes = rewrite(text)
    assert new == (
        "First line.\n"
        "As in *Alpha: the first* and a figure of *Alpha: the first*.\n"
        "\n"
        "| Chapter | Needs |\n"
        "|:--|:--|\n"
        "| {ref}`chapter-beta` | *One thing* |\n"
        "\n"
        "End, the first\nchapter.\n"
    )
    assert changes == [
        Change(
            2,
            "As in {ref}`chapter-alpha` and {numref}`fig-alpha-curve`.",
            "As in *Alpha: the first* and a figure of *Alpha: the first*.",
        ),
        Change(6, "| {ref}`chapter-alpha` | sums |", None),
        Change(
            6,
            "| {ref}`chapter-beta` | {ref}`sec-alpha-one` |",
            "| {ref}`chapter-beta` | *One thing* |",
        ),
        Change(
            8,
            "End, {doc}`the first\nchapter <alpha>`.",
            "End, the first\nchapter.",
        ),
    ]


def test_rewrite_without_rows_keeps_table_rows():
    new, changes = fork.rewrite(
        "| {ref}`chapter-alpha` | x |\n", FOUND, "alpha", TITLE, rows=False
    )
    assert new == "| *Alpha: the first* | x |\n"
    assert len(changes) == 1


def test_rewrite_removes_the_chapter_from_teaching_paths():
    text = (
        "```{teaching-path}\n"
        "First week:\n"
        "- logarithms\n"
        "- alpha\n"
        "Second week:\n"
        "- chapter: alpha\n"
        "  skip:\n"
        "  - One thing\n"
        "- chapter: alphabet\n"
        "  skip:\n"
        "  - Two\n"
        "- {chapter: alpha, skip: [One thing]}\n"
        "- beta\n"
        "```\n"
        "- alpha\n"
    )
    new, changes = rewrite(text)
    assert new == (
        "```{teaching-path}\n"
        "First week:\n"
        "- logarithms\n"
        "Second week:\n"
        "- chapter: alphabet\n"
        "  skip:\n"
        "  - Two\n"
        "- beta\n"
        "```\n"
        "- alpha\n"  # outside the directive: a list in prose, left alone
    )
    # each by the line that now stands where it stood
    assert [(c.line, c.before, c.after) for c in changes] == [
        (4, "- alpha", None),
        (5, "- chapter: alpha\n  skip:\n  - One thing", None),
        (8, "- {chapter: alpha, skip: [One thing]}", None),
    ]
    assert yaml.safe_load(new.split("\n", 1)[1].split("```")[0]) == {
        "First week": ["logarithms"],
        "Second week": [{"chapter": "alphabet", "skip": ["Two"]}, "beta"],
    }


# ---------------------------------------------------------- data files

TOC = """\
format: jb-book
root: book/intro
parts:
  - caption: Foundations
    numbered: true
    chapters:
      - file: book/logarithms
      - file: book/alpha
  - caption: Practice
    numbered: true
    chapters:
      - file: book/beta
  - caption: Appendix
    chapters:
      - file: book/glossary
"""


def test_toc_entry_and_an_emptied_part_go():
    assert fork.remove_toc_entry(TOC, "book/alpha") == TOC.replace(
        "      - file: book/alpha\n", ""
    )
    assert fork.remove_toc_entry(TOC, "book/beta") == TOC.replace(
        "  - caption: Practice\n    numbered: true\n    chapters:\n"
        "      - file: book/beta\n",
        "",
    )
    with pytest.raises(ValueError, match="listed 0 times"):
        fork.remove_toc_entry(TOC, "book/gamma")


GRADING = """\
# Autograded exercises.

# --- Logarithms ---------------------------------------------------------

ex-log-one:
  answers:
    - name: x
      glue: x_value
      rtol: 1.0e-9  # exact

# --- Alpha --------------------------------------------------------------

ex-alpha-first:
  answers:
    - name: y
      check: >-
        y > 0
      rtol: 1.0e-3  # a grid
                    # of points

ex-alpha-second:
  answers:
    - name: z
      glue: z_value

# --- Beta ---------------------------------------------------------------

ex-beta-one:
  answers:
    - name: w
      glue: w_value
"""


def test_grading_entries_and_their_empty_section_go():
    new, removed = fork.remove_yaml_entries(
        GRADING, {"ex-alpha-first", "ex-alpha-second", "ex-not-graded"}
    )
    assert removed == ["ex-alpha-first", "ex-alpha-second"]
    assert new == (
        "# Autograded exercises.\n"
        "\n"
        "# --- Logarithms ---------------------------------------------------------\n"
        "\n"
        "ex-log-one:\n"
        "  answers:\n"
        "    - name: x\n"
        "      glue: x_value\n"
        "      rtol: 1.0e-9  # exact\n"
        "\n"
        "# --- Beta ---------------------------------------------------------------\n"
        "\n"
        "ex-beta-one:\n"
        "  answers:\n"
        "    - name: w\n"
        "      glue: w_value\n"
    )


SYLLABUS = """\
# The worked numbers.
#   note      anything a reader should know
# tests/test_syllabus.py checks every entry.

shown_twice:
  value: "2.197"
  compute: lossbook.logit(0.9)
  glued_as:
    - "beta:z_star"
    - "alpha:z_star"

shown_in_alpha:
  value: "0.99"
  glued_as: ["alpha:lazy_accuracy"]
  note: the document's 99 %

declared_in_alpha:
  value: "99"
  glued_as: []
  note: an input of the Alpha chapter, declared there

elsewhere:
  value: "0.5"
  glued_as: ["beta:half"]
  note: not about Alpha's topic
"""


def test_syllabus_places_in_the_chapter_go_and_uncovered_entries_say_so():
    entries = yaml.safe_load(SYLLABUS)
    changes = fork.syllabus_changes(entries, "alpha", TITLE)
    reason = "this fork removed the chapter alpha (Alpha: the first), "
    assert changes == [
        Uncovered("shown_twice", ["alpha:z_star"], None),
        Uncovered(
            "shown_in_alpha",
            ["alpha:lazy_accuracy"],
            reason + "which showed it as alpha:lazy_accuracy",
        ),
        Uncovered(
            "declared_in_alpha",
            [],
            reason + "which its note says declares it",
        ),
    ]
    new = fork.edit_syllabus(SYLLABUS, changes)
    assert new == SYLLABUS.replace(
        "#   note      anything a reader should know\n",
        "#   note      anything a reader should know\n" + fork.NOT_COVERED_DOC,
    ).replace('    - "alpha:z_star"\n', "").replace(
        '  glued_as: ["alpha:lazy_accuracy"]\n',
        "  glued_as: []\n"
        f'  not_covered: "{reason}which showed it as alpha:lazy_accuracy"\n',
    ).replace(
        "  glued_as: []\n  note: an input",
        "  glued_as: []\n"
        f'  not_covered: "{reason}which its note says declares it"\n'
        "  note: an input",
    )
    data = yaml.safe_load(new)
    assert data["shown_twice"]["glued_as"] == ["beta:z_star"]
    assert data["elsewhere"] == entries["elsewhere"]


# ------------------------------------------------------------ catalogs

CATALOG = r"""# Chinese catalog of the page beta.
msgid ""
msgstr ""
"Project-Id-Version: log-loss-book\n"

#, python-brace-format
msgid "As in {ref}`chapter-alpha` ({numref}`fig-alpha-curve`)."
msgstr "如{ref}`chapter-alpha`所示（{numref}`fig-alpha-curve`）。"

msgid "{ref}`chapter-alpha`"
msgstr "{ref}`chapter-alpha`"

msgid "Sums of logs."
msgstr "对数之和。"

msgid ""
"$$\n"
"x\n"
"$$ and {ref}`the first <sec-alpha-one>`"
msgstr ""
"$$\n"
"x\n"
"$$ 和{ref}`第一节 <sec-alpha-one>`"

msgid "{ref}`chapter-beta`"
msgstr "{ref}`chapter-beta`"
"""


def test_catalog_messages_are_rewritten_in_both_languages():
    translated = {TITLE: "甲：第一章", "One thing": "一件事"}
    new, changes = fork.rewrite_catalog(
        CATALOG,
        FOUND,
        "alpha",
        TITLE,
        translated,
        "zh_CN",
        drop={"Sums of logs."},
    )
    assert new == (
        r"""# Chinese catalog of the page beta.
msgid ""
msgstr ""
"Project-Id-Version: log-loss-book\n"

#, python-brace-format
msgid "As in *Alpha: the first* (a figure of *Alpha: the first*)."
msgstr "如*甲：第一章*所示（*甲：第一章*中的一幅图）。"

msgid "*Alpha: the first*"
msgstr "*甲：第一章*"

msgid ""
"$$\n"
"x\n"
"$$ and the first"
msgstr ""
"$$\n"
"x\n"
"$$ 和第一节"

msgid "{ref}`chapter-beta`"
msgstr "{ref}`chapter-beta`"
"""
    )
    # msgid and msgstr by their lines; the dropped message where it stood
    assert [c.line for c in changes] == [7, 8, 10, 11, 13, 16, 20]
    assert changes[4] == Change(13, "msgid 'Sums of logs.'", None)
    assert changes[6] == Change(
        20, "$$ 和{ref}`第一节 <sec-alpha-one>`", "$$ 和第一节"
    )


def test_catalog_titles_come_from_the_removed_chapters_catalog():
    po = (
        'msgid "Alpha: the first"\nmsgstr "甲：第一章"\n\n'
        'msgid "One thing"\nmsgstr ""\n\n'
        'msgid "Other"\nmsgstr "其他"\n'
    )
    assert fork.catalog_titles(po, FOUND) == {TITLE: "甲：第一章"}


# ------------------------------------------------- a small repository

BETA = """\
(chapter-beta)=
# Beta

```{code-cell}
x = 1
```

Weighting is in {ref}`chapter-alpha`, see {numref}`fig-alpha-curve`.
"""
BORROWS = "\nIt borrows {glue:text}`alpha.ipynb::acc:.2f`.\n"


def small_book(root, beta=BETA):
    """A book of two chapters, alpha and beta, in ``root``."""
    import jupytext
    import nbformat

    (root / "book" / "src").mkdir(parents=True)
    (root / "book" / "declared-numbers").mkdir()
    (root / "tests").mkdir()
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: Part\n"
        "    numbered: true\n    chapters:\n      - file: book/alpha\n"
        "      - file: book/beta\n"
    )
    (root / "book" / "intro.md").write_text("# Intro\n\nRead {doc}`alpha`.\n")
    for name, text in (("alpha", TWIN), ("beta", beta)):
        (root / "book" / "src" / f"{name}.md").write_text(text)
        nb = jupytext.reads(text, fmt="md:myst")
        nb.metadata = {}
        nbformat.write(nb, root / "book" / f"{name}.ipynb")
    (root / "book" / "declared-numbers" / "alpha.yml").write_text("[]\n")
    (root / "tests" / "test_numbers_alpha.py").write_text("")
    (root / "syllabus.yml").write_text(SYLLABUS)
    return root


def test_apply_removes_the_chapter_and_rewrites_the_rest(tmp_path, capsys):
    import jupytext
    import nbformat

    root = small_book(tmp_path)
    assert fork.main(["remove", "alpha"], root) == 0  # the dry run
    assert (root / "book" / "alpha.ipynb").exists()
    assert "To delete:" in capsys.readouterr().out

    assert fork.main(["remove", "book/alpha.ipynb", "--apply"], root) == 0
    out = capsys.readouterr().out
    assert "book/src/beta.md:8: Weighting is in {ref}`chapter-alpha`" in out
    assert (
        "book/intro.md:3: Read {doc}`alpha`. -> Read *Alpha: the first*."
        in (out)
    )
    for gone in (
        "book/alpha.ipynb",
        "book/src/alpha.md",
        "book/declared-numbers/alpha.yml",
        "tests/test_numbers_alpha.py",
    ):
        assert not (root / gone).exists(), gone
    assert "book/alpha" not in (root / "_toc.yml").read_text()
    twin = (root / "book" / "src" / "beta.md").read_text()
    assert twin == BETA.replace(
        "{ref}`chapter-alpha`, see {numref}`fig-alpha-curve`",
        "*Alpha: the first*, see a figure of *Alpha: the first*",
    )
    notebook = nbformat.read(root / "book" / "beta.ipynb", 4)
    assert [c.source for c in notebook.cells] == [
        c.source for c in jupytext.reads(twin, fmt="md:myst").cells
    ]
    syllabus = yaml.safe_load((root / "syllabus.yml").read_text())
    assert syllabus["shown_in_alpha"]["glued_as"] == []
    assert (
        "removed the chapter alpha"
        in syllabus["shown_in_alpha"]["not_covered"]
    )
    # the chapter is gone: removing it again is refused
    with pytest.raises(SystemExit, match="not a chapter notebook"):
        fork.main(["remove", "alpha"], root)


def test_a_borrowed_glued_number_stops_apply_unless_forced(tmp_path, capsys):
    root = small_book(tmp_path, BETA + BORROWS)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert fork.main(["remove", "alpha", "--apply"], root) == 1
    captured = capsys.readouterr()
    assert (
        "book/src/beta.md:10: {glue:text}`alpha.ipynb::acc:.2f` borrows a "
        "glued number from alpha" in captured.out
    )
    assert "Nothing changed" in captured.err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == (
        before
    )
    # forced: removed, and the borrowed number left to fail the build
    assert fork.main(["remove", "alpha", "--apply", "--force"], root) == 1
    assert not (root / "book" / "alpha.ipynb").exists()
    assert BORROWS.strip() in (root / "book" / "src" / "beta.md").read_text()


# ------------------------------------------------------ the repository


def test_syllabus_entries_this_fork_does_not_show_are_reported():
    """A fork that removed the chapter showing a syllabus number marks the
    entry ``not_covered`` (tools/fork.py): lossbook still computes it
    (tests/test_syllabus.py), no page shows it.  Each such entry is
    reported here as a skip, with its reason, in every test run."""
    entries = yaml.safe_load((ROOT / "syllabus.yml").read_text("utf-8"))
    uncovered = {
        key: entry["not_covered"]
        for key, entry in entries.items()
        if "not_covered" in entry
    }
    for key, reason in uncovered.items():
        assert entries[key]["glued_as"] == [], f"{key}: shown, yet not covered"
        assert len(str(reason).split()) >= 4, f"{key}: give the reason"
    if uncovered:
        pytest.skip(
            "syllabus numbers not covered in this fork: "
            + "; ".join(f"{k} ({r})" for k, r in uncovered.items())
        )


@pytest.mark.parametrize("chapter", [p.stem for p in toc_notebooks()])
def test_every_chapter_can_be_planned_for_removal(chapter):
    """The dry run works for every chapter; whatever it rewrites no longer
    refers to the chapter."""
    plan = fork.plan(chapter, ROOT)
    assert ROOT / "book" / f"{chapter}.ipynb" in plan.delete
    assert "_toc.yml: remove the entry book/" + chapter in plan.edits
    found = fork.targets(
        (ROOT / "book" / "src" / f"{chapter}.md").read_text("utf-8")
    )
    for path, text in plan.texts.items():
        if path.suffix in (".md", ".po"):
            assert not fork.references(text, found, chapter, plan.title), path


ISLAND = """<figure class="lbi" data-island="{name}">
<figcaption>Try {name}</figcaption>
<label for="x">Slider of {name}</label>
</figure>
"""


def test_a_removed_islands_words_leave_the_islands_catalog(tmp_path):
    """The chapter that alone pastes an island loses it, and the island's
    words leave the islands' catalog of each language, unless an island
    that stays shows them: the catalog then holds exactly the words of the
    islands that stay (as tests/test_i18n.py requires)."""
    from babel.messages.catalog import Catalog

    from tools.i18n import ISLANDS, po_bytes
    from tools.islands import messages

    paste = "\n```{{raw}} html\n:file: islands/{name}.html\n```\n"
    root = small_book(tmp_path, BETA + paste.format(name="kept"))
    twin = root / "book" / "src" / "alpha.md"
    twin.write_text(twin.read_text() + paste.format(name="gone"))
    (root / "book" / "islands").mkdir()
    words = {}
    for name in ("gone", "kept"):
        html = ISLAND.format(name=name).replace(f"Slider of {name}", "Shared")
        (root / "book" / "islands" / f"{name}.html").write_text(html)
        words[name] = messages(html)
    catalog = Catalog(locale="zh_CN")
    for message in dict.fromkeys(words["gone"] + words["kept"]):
        catalog.add(message, f"译 {message}")
    po = root / "locales" / "zh_CN" / "LC_MESSAGES" / f"{ISLANDS}.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(po_bytes(catalog))

    plan = fork.plan("alpha", root)
    assert (root / "book" / "islands" / "gone.html").resolve() in plan.delete
    kept = [m.id for m in read_po_text(plan.texts[po]) if m.id]
    assert sorted(kept) == sorted(words["kept"]) == ["Shared", "Try kept"]


def read_po_text(text):
    import io

    from babel.messages.pofile import read_po

    return read_po(io.BytesIO(text.encode("utf-8")))


# -------------------------------------------------------- end to end

# The repository as committed (what others are changing in the working tree
# stays out), with this working tree's fork tool and the tests it adapts, so
# that the test also runs before they are committed (after, they are HEAD's).
OVERLAY = [
    "tools/fork.py",
    "tests/test_fork.py",
    "tests/test_islands.py",
    "tests/test_checks_bite.py",
    "tests/test_reader.py",
    "tests/test_i18n.py",
]
# What depends on the set of chapters, run in the copy (those that exist).
CHECKS = [
    "tests/test_structure.py",
    "tests/test_sources.py",
    "tests/test_prose_numbers.py",
    "tests/test_syllabus.py",
    "tests/test_reader.py",
    "tests/test_book_build.py",
    "tests/test_islands.py",
    "tests/test_search.py",
    "tests/test_teaching.py",
    "tests/test_i18n.py",
    "tests/test_grading.py",
    "tests/test_fork.py",
]
# tests/test_checks_bite.py changes a seed of a chapter (slow)
SEED_TEST = ["-m", "slow", "-k", "changed_seed", "tests/test_checks_bite.py"]
STRICT = ["-W", "-n", "--keep-going"]  # as make book builds
PYTEST = ["-p", "no:xdist", "-p", "no:cacheprovider", "-q", "-rfEs"]
CHAPTER = next(
    (p.stem for p in toc_notebooks() if p.stem == "class-imbalance"),
    toc_notebooks()[len(toc_notebooks()) // 2].stem,
)


def _run(args, cwd, env, timeout=1800):
    started = time.monotonic()
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    took = time.monotonic() - started
    print(f"{' '.join(map(str, args[1:6]))} ({cwd.name}): {took:.0f} s")
    return result


def _copy(folder, commit):
    """The repository at ``commit`` in ``folder``, with :data:`OVERLAY` and
    a link to the environment; and the environment to run in it."""
    folder.mkdir()
    archive = subprocess.run(
        ["git", "archive", commit], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    for name in OVERLAY:
        shutil.copy2(ROOT / name, folder / name)
    if (ROOT / ".venv").exists():
        (folder / ".venv").symlink_to(ROOT / ".venv")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["PYTHONPATH"] = str(folder)  # its lossbook and tools, kernels too
    env["LOSSBOOK_HTML"] = str(folder / "_build" / "html")
    return env


def _build(folder, env):
    """The bundle and the strict HTML build, as `make book` makes them."""
    bundle = _run([sys.executable, "-m", "tools.bundle"], folder, env)
    assert bundle.returncode == 0, bundle.stdout[-3000:] + bundle.stderr
    jupyter_book = os.path.join(
        os.path.dirname(sys.executable), "jupyter-book"
    )
    return _run(
        [jupyter_book, "build", str(folder), "--builder", "html", *STRICT],
        folder,
        env,
    )


def _failed(result):
    """The ids of the tests a pytest run reports failed or in error."""
    return sorted(
        set(re.findall(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.M))
    )


@pytest.mark.slow
def test_removing_a_chapter_leaves_the_checks_green(tmp_path):
    """Remove a chapter from a copy of the repository by the documented
    path, then build the copy strictly and run the checks that depend on
    the chapters there.  A check that fails is run again on an untouched
    copy: one that fails there too is not the removal's doing, and is
    reported rather than counted."""
    if not (ROOT / ".git").exists() or not shutil.which("git"):
        pytest.skip("needs the git repository (it copies HEAD)")
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()  # one commit for both copies, however HEAD moves
    fork_dir = tmp_path / "fork"
    env = _copy(fork_dir, commit)
    python = sys.executable

    removed = _run(
        [python, "-m", "tools.fork", "remove", CHAPTER, "--apply"],
        fork_dir,
        env,
    )
    assert removed.returncode == 0, removed.stdout + removed.stderr
    print(removed.stdout)
    assert not (fork_dir / "book" / f"{CHAPTER}.ipynb").exists()

    build = _build(fork_dir, env)
    assert build.returncode == 0, build.stdout[-6000:] + build.stderr[-3000:]
    checks = [c for c in CHECKS if (fork_dir / c).exists()]
    tests = _run([python, "-m", "pytest", *PYTEST, *checks], fork_dir, env)
    # the test that changed a seed of a chapter keeps biting
    seed = _run(
        [python, "-m", "pytest", *PYTEST, *SEED_TEST],
        fork_dir,
        env,
    )
    print(tests.stdout[-3000:], seed.stdout[-1000:])
    if "not covered in this fork" in removed.stdout:  # the syllabus report
        assert "syllabus numbers not covered in this fork" in tests.stdout
    assert "1 passed" in seed.stdout or _failed(seed), seed.stdout[-3000:]
    failed = _failed(tests) + _failed(seed)
    if not failed:
        assert tests.returncode == seed.returncode == 0, tests.stdout[-4000:]
        return

    head_dir = tmp_path / "head"
    head_env = _copy(head_dir, commit)
    _build(head_dir, head_env)  # a failed build fails its tests there too
    again = _run(
        [python, "-m", "pytest", *PYTEST, "-m", "slow or not slow", *failed],
        head_dir,
        head_env,
    )
    at_head = _failed(again)
    caused = [f for f in failed if f not in at_head]
    assert not caused, (
        f"failing after the removal only: {caused}\n"
        + tests.stdout[-8000:]
        + seed.stdout[-3000:]
    )
    print(f"failing on {commit[:7]} too, not the removal's doing: {at_head}")
