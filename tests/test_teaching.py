"""*Teaching with this book* (book/teaching.md): the measurements of
tools/teaching.py against values counted by hand on small synthetic twins,
and the page against the toc (every chapter listed, every path valid, the
rates its prose states the ones the code uses)."""

import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from tools import teaching
from tools.sphinx_teaching import duration
from tools.toc import ROOT, toc_entries, toc_notebooks

PAGE = ROOT / "book" / "teaching.md"

# Two tiny twins.  The counts in the tests below were made by hand, word by
# word and line by line, from this text.
ALPHA = """\
(chapter-alpha)=
# Alpha

:::{admonition} Learning objectives
:class: tip
- read a {term}`log loss <log loss>` value;
:::

Intro text with $x = 1$ and {glue:text}`loss:.3f` here.

```{code-cell}
:tags: [hide-input]
import numpy as np

plt.plot([1])
```

(sec-alpha-two)=
## Two

See {ref}`chapter-beta` and {numref}`fig-beta` [a link](https://example.org).

```{code-cell}
---
mystnb:
  figure:
    caption: A small figure caption.
    name: fig-alpha
---
x = 1

## not a heading, a comment
y = 2
glue("y", y)
```

## Exercises

```{exercise}
:label: ex-alpha-one

Do {ref}`sec-beta-one`, in many words that the reading time leaves out.
```

```{solution-start} ex-alpha-one
:class: dropdown
```

Solution words here.

```{code-cell}
z = 3
```

```{solution-end}
```

## Key takeaways

- One takeaway.
"""

BETA = """\
(chapter-beta)=
# Beta

Back to {ref}`the first <chapter-alpha>` and {ref}`sec-alpha-two`, to
{numref}`fig-beta` and to {ref}`a-page-that-is-no-chapter`.

```{code-cell}
---
mystnb:
  figure:
    name: fig-beta
---
plt.show()
```

(sec-beta-one)=
## One

Text.
"""

TEXTS = {"alpha": ALPHA, "beta": BETA}


def chapters():
    return {
        name: teaching.Chapter(name, number, teaching.title(text), text)
        for number, (name, text) in enumerate(TEXTS.items(), start=1)
    }


# --- counting ---------------------------------------------------------------


def test_words_count_the_prose_of_the_main_text():
    # "Alpha" 1; "read a log loss value;" 5; "Intro text with $x 1$ and
    # <glued> here." 8; "Two" 1; "See <ref> and <numref> a link" 6; the
    # caption 4; "Key takeaways" 2; "One takeaway." 2.  Not counted: labels,
    # fences and options, "=", the link target, code, the exercises.
    assert teaching.words(ALPHA) == 1 + 5 + 8 + 1 + 6 + 4 + 2 + 2


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("one two three", 3),
        (
            "| a | b |\n|:--|:--|\n| c | d |",
            4,
        ),  # pipes and rules are not words
        ("- item one\n1. item two", 4),  # list markers are not words
        ("{term}`nats <nat>` and {py:func}`lossbook.log_loss`", 3),
        ("{cite:t}`good1952` and {glue:sci}`tiny:.1e`", 3),
        ("<!-- a hidden\ncomment -->visible", 1),
        # a formula counts by its tokens that hold a letter or a digit:
        # "\frac{a" and "y}{2}"; "-" and "$$" are not words
        ("$$\n\\frac{a - y}{2}\n$$", 2),
    ],
)
def test_prose_words_by_the_rule(markdown, expected):
    assert teaching.prose_words(markdown) == expected


def test_code_lines_count_the_visible_code_of_the_main_text():
    # the hide-input cell (2 lines) is folded away, the exercise's cell is
    # not in the main text; the figure's cell has three non-blank lines and
    # a glue call, which the book does not show
    assert teaching.code_lines(ALPHA) == 3
    assert teaching.code_lines(BETA) == 1


def test_exercises_are_counted():
    assert teaching.exercises(ALPHA) == 1
    assert teaching.exercises(BETA) == 0


def test_sections_keep_their_labels_and_ignore_comments_in_code():
    sections = teaching.sections(ALPHA)
    assert [s.title for s in sections] == [
        None,
        "Two",
        "Exercises",
        "Key takeaways",
    ]
    assert sections[1].text.startswith("(sec-alpha-two)=\n## Two")
    assert "".join(s.text for s in sections) == ALPHA


def test_skipping_a_section_removes_its_words_and_code():
    assert teaching.words(ALPHA, skip=("Two",)) == 1 + 5 + 8 + 2 + 2
    assert teaching.code_lines(ALPHA, skip=("Two",)) == 0


@pytest.mark.parametrize(
    ("words", "lines", "minutes"),
    [
        (0, 0, 0),
        (200, 0, 1),  # one minute of prose
        (201, 0, 2),  # a started minute counts
        (0, 6, 1),  # six lines of ten seconds
        (1000, 30, 10),  # five minutes of each
    ],
)
def test_reading_minutes(words, lines, minutes):
    assert teaching.WORDS_PER_MINUTE == 200
    assert teaching.SECONDS_PER_CODE_LINE == 10
    assert teaching.reading_minutes(words, lines) == minutes


def test_reading_minutes_follow_the_rates():
    assert teaching.reading_minutes(90, 0, words_per_minute=30) == 3
    assert teaching.reading_minutes(0, 4, seconds_per_code_line=30) == 2


# --- references -------------------------------------------------------------


def test_labels_and_references():
    assert teaching.labels(ALPHA) == {
        "chapter-alpha",
        "sec-alpha-two",
        "fig-alpha",
        "ex-alpha-one",
    }
    assert teaching.references(ALPHA) == [
        "chapter-beta",
        "fig-beta",
        "sec-beta-one",
    ]
    assert teaching.references(BETA) == [
        "chapter-alpha",
        "sec-alpha-two",
        "fig-beta",
        "a-page-that-is-no-chapter",
    ]


def test_cross_references_count_only_other_chapters():
    counts = teaching.cross_references(TEXTS)
    assert counts == {("alpha", "beta"): 3, ("beta", "alpha"): 2}
    assert teaching.backward(counts, ["alpha", "beta"]) == {
        ("beta", "alpha"): 2
    }


def test_a_path_names_chapters_and_sections_the_book_has():
    book = chapters()
    path = teaching.path(["beta", {"chapter": "alpha", "skip": ["Two"]}], book)
    assert [(c.name, c.skip) for c in path] == [
        ("beta", ()),
        ("alpha", ("Two",)),
    ]
    assert path[1].words == 1 + 5 + 8 + 2 + 2
    with pytest.raises(teaching.PathError, match="gamma"):
        teaching.path(["gamma"], book)
    with pytest.raises(teaching.PathError, match="Three"):
        teaching.path([{"chapter": "alpha", "skip": ["Three"]}], book)


def test_what_a_path_leaves_out():
    book = chapters()
    whole = teaching.path(["alpha", "beta"], book)
    assert teaching.outside(whole, book) == {}
    # beta refers back to alpha twice: to the chapter and to section Two
    assert teaching.outside(teaching.path(["beta"], book), book) == {
        ("beta", "alpha"): 2
    }
    skipped = teaching.path(
        [{"chapter": "alpha", "skip": ["Two"]}, "beta"], book
    )
    assert teaching.outside(skipped, book) == {("beta", "alpha"): 1}
    # a reference ahead is not a prerequisite
    assert teaching.outside(teaching.path(["alpha"], book), book) == {}


def test_the_figure_is_deterministic_svg_of_the_stated_width():
    book = list(chapters().values())
    edges = {("beta", "alpha"): 2}
    svg = teaching.draw_graph(book, edges)
    assert svg == teaching.draw_graph(book, edges)
    root = ET.fromstring(svg.split("?>", 1)[1])
    assert root.get("width") == f"{teaching.GRAPH_WIDTH:g}pt"


# --- the book and the page --------------------------------------------------


def test_the_book_is_measured():
    book = teaching.book()
    assert list(book) == [nb.stem for nb in toc_notebooks()]
    for chapter in book.values():
        assert chapter.words > 0 and chapter.exercises >= 4, chapter.name
        assert chapter.minutes == teaching.reading_minutes(
            chapter.words, chapter.code_lines
        )


def test_the_page_is_in_the_introduction_after_the_preface():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    introduction = next(
        p for p in toc["parts"] if p["caption"] == "Introduction"
    )
    files = [c["file"] for c in introduction["chapters"]]
    assert files.index("book/teaching") == files.index("book/preface") + 1
    assert "book/teaching" in toc_entries()


def _section(text, title):
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_the_page_says_what_every_chapter_assumes():
    table = _section(PAGE.read_text(), "What each chapter assumes")
    listed = re.findall(r"^\| \{ref\}`chapter-([\w-]+)` \|", table, re.M)
    assert listed == [nb.stem for nb in toc_notebooks()], (
        "the table of prerequisites must list every chapter of the toc, "
        "in order"
    )


def _paths():
    blocks = re.findall(
        r"^```\{teaching-path\}\n(.*?)^```$", PAGE.read_text(), re.M | re.S
    )
    return [yaml.safe_load(block) for block in blocks]


def test_every_path_is_valid_and_the_full_course_has_every_chapter():
    book = teaching.book()
    paths = _paths()
    assert len(paths) == 3
    for spec in paths:
        groups = spec.values() if isinstance(spec, dict) else [spec]
        assigned = [c for g in groups for c in teaching.path(g, book)]
        names = [c.name for c in assigned]
        assert names == sorted(names, key=list(book).index), "out of order"
        assert teaching.outside(assigned, book) == {}, names
    full = teaching.path(paths[-1], book)
    assert [c.name for c in full] == list(book)
    assert all(not c.skip for c in full)


def test_the_rates_the_prose_states_are_the_rates_the_code_uses():
    prose = " ".join(PAGE.read_text().split())
    rate = re.search(r"(\d+) words a minute", prose)
    line = re.search(r"(\d+) seconds a line of code", prose)
    assert int(rate.group(1)) == teaching.WORDS_PER_MINUTE
    assert int(line.group(1)) == teaching.SECONDS_PER_CODE_LINE


def test_the_built_page_shows_what_the_code_computes(built_book):
    page = (built_book / "book" / "teaching.html").read_text(encoding="utf-8")
    book = teaching.book()
    table = page[page.index("lossbook-teaching-table") :]
    table = table[: table.index("</table>")]
    for name, chapter in book.items():
        assert f'href="{name}.html#chapter-{name}"' in table, name
        assert f"{chapter.words:,d}\N{NO-BREAK SPACE}words" in table, name
    total = sum(c.minutes for c in book.values())
    assert f"<p>{total:,d}</p>" in table
    assert re.search(
        r'<img alt="[^"]+" src="data:image/svg\+xml;base64,', page
    )
    # the list under the figure: one item per chapter
    listed = page[page.index("lossbook-chapter-references") :]
    listed = listed[: listed.index("</ul>")]
    assert listed.count("<li>") == len(book)
    # each path's total, as tools.teaching computes it
    totals = re.findall(r"Total: </strong>([^<]*)", page)
    for spec, shown in zip(_paths(), totals, strict=True):
        groups = spec.values() if isinstance(spec, dict) else [spec]
        assigned = [c for g in groups for c in teaching.path(g, book)]
        minutes = sum(c.minutes for c in assigned)
        assert shown.startswith(f"{duration(minutes)} of reading in "), shown
