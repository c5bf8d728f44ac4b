"""The editions in other languages (tools/i18n.py, locales/): one book.

- every page's catalog is complete: no message untranslated or fuzzy;
- every translation keeps its English message's glued numbers, references,
  math, code, links and numbers, uses the terminology file's terms and the
  edition's typography (tools.i18n.message_problems);
- the catalogs hold exactly the messages of the English pages as the strict
  build read them (a changed English sentence must be merged with
  `python -m tools.i18n update`, which marks its translation fuzzy);
- the interface catalog (sphinx.po: the themes' words, the download menu's,
  the configuration's) holds exactly tools.i18n.interface_words();
- the islands' catalog (book/islands.po) holds exactly the units of the
  interactive figures (tools.islands.messages), and a translation keeps its
  English's HTML tags;
- the terminology file and the glossary's Chinese column agree.
The edition's strict build and its pages in the browser are checked in
tests/test_i18n_build.py (`make test-slow`).
"""

import pickle
import re

import pytest
import yaml
from sphinx.util.nodes import extract_messages

from tools.i18n import (
    ENGLISH_ONLY,
    INTERFACE,
    ISLANDS,
    LOCALES,
    catalog_path,
    catalogs,
    inconsistent,
    interface_words,
    message_problems,
    problems,
    read,
    terminology,
)
from tools.islands import messages
from tools.toc import ROOT, toc_entries, toc_notebooks, twin

LANGUAGE = "zh_CN"
PAGES = [e for e in toc_entries() if e not in ENGLISH_ONLY]


def test_every_page_but_the_api_has_a_catalog():
    assert sorted(catalogs(LANGUAGE)) == sorted([*PAGES, INTERFACE, ISLANDS])


def test_the_interface_catalog_holds_the_interface_words():
    """The themes' words, the download menu's and the configuration's
    (tools.i18n.interface_words): a word added to the menu fails here until
    `python -m tools.i18n update` has merged it and it is translated."""
    catalog = [m.id for m in read(catalog_path(LANGUAGE, INTERFACE)) if m.id]
    assert catalog == interface_words()


def test_the_islands_catalog_holds_the_islands_words():
    """Every unit of every island (book/islands/*.html), once, in file
    order: an edited island fails here until `python -m tools.i18n update`
    has merged its words and they are translated."""
    english = []
    for path in sorted((ROOT / ISLANDS).glob("*.html")):
        english += messages(path.read_text(encoding="utf-8"))
    catalog = [m.id for m in read(catalog_path(LANGUAGE, ISLANDS)) if m.id]
    assert english and catalog == list(dict.fromkeys(english))


@pytest.mark.parametrize("page", [*PAGES, INTERFACE, ISLANDS])
def test_catalog_is_complete_and_keeps_what_it_must(page):
    found = problems(LANGUAGE, page)
    assert not found, "\n".join(found[:10])


def test_the_same_english_is_translated_alike():
    found = inconsistent(LANGUAGE)
    assert not found, "\n".join(found[:5])


@pytest.mark.parametrize(
    "source, translation, problem",
    [
        (
            "costs {glue:text}`a:.3f` nats",
            "花费 {glue:text}`a:.4f` 奈特",
            "glue",
        ),
        ("see {ref}`chapter-x`", "见{ref}`chapter-y`", "references"),
        ("with $a = 1$", "其中 $a = 2$", "math"),
        ("call `f(x)`", "调用 `g(x)`", "inline code"),
        ("two curves", "2 条曲线", "number 2"),
        ("the {term}`log loss`", "{term}`交叉熵 <log loss>`", "should say"),
        ("{term}`entropy`", "{term}`熵 <cross-entropy>`", "targets differ"),
        ("the log loss", "这种损失", "should be translated"),
        ("a cat", "一只cat", "no space"),
        ("yes, no", "是,否", "ASCII punctuation"),
        ('loss <b data-out="a"></b>', "损失 <b></b>", "HTML tags differ"),
        ("<i>p</i><sub>t</sub>", "<i>p</i>t", "HTML tags differ"),
    ],
)
def test_the_check_catches_each_kind_of_break(source, translation, problem):
    found = message_problems(source, translation, terminology(LANGUAGE))
    assert any(problem in f for f in found), found


def test_a_faithful_translation_passes():
    source = (
        "An undecided prediction costs $\\ln 2 =$ {glue:text}`ll_undecided:.3f`"
        " nats ({numref}`fig-log-loss-curves`), the {term}`log loss` of "
        "{ref}`chapter-logarithms`."
    )
    translation = (
        "犹豫不决的预测付出 $\\ln 2 =$ {glue:text}`ll_undecided:.3f` 奈特"
        "（{numref}`fig-log-loss-curves`），即{ref}`chapter-logarithms`中的"
        "{term}`对数损失 <log loss>`。"
    )
    assert message_problems(source, translation, terminology(LANGUAGE)) == []


def test_catalogs_hold_the_messages_of_the_english_pages(built_book):
    """The strict English build's doctrees are the source of the messages:
    each catalog has exactly their messages, so a sentence changed in a
    chapter fails here until the catalogs are updated."""
    doctrees = built_book.parent / ".doctrees"
    stale = []
    for page in PAGES:
        with (doctrees / f"{page}.doctree").open("rb") as f:
            tree = pickle.load(f)
        english = {msg for _, msg in extract_messages(tree)}
        # sphinx-exercise's own titles ("Exercise", "ExerciseA title"),
        # which it translates itself
        english = {
            m
            for m in english
            if not re.match(r"(Exercise|Solution to)(?!s$)(\S|$)", m)
        }
        catalog = {m.id for m in read(catalog_path(LANGUAGE, page)) if m.id}
        if english - catalog:
            stale.append(
                f"{page}: not in the catalog: {sorted(english - catalog)[:2]}"
            )
        if catalog - english:
            stale.append(
                f"{page}: no longer in English: {sorted(catalog - english)[:2]}"
            )
    assert not stale, (
        "run `python -m tools.i18n update`, then translate:\n"
        + "\n".join(stale)
    )


def test_terminology_is_the_glossarys_chinese_column():
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    column = dict(
        re.findall(
            r"^(\S[^\n]*)\n(?:.*?\n)*?\s*<span lang=\"zh\">中文：([^（<]+)",
            text.split("```{glossary}", 1)[1],
            re.M,
        )
    )
    terms = yaml.safe_load(
        (LOCALES / LANGUAGE / "terminology.yml").read_text(encoding="utf-8")
    )["terms"]
    assert {t: v["zh"] for t, v in terms.items()} == {
        t.strip(): z.strip() for t, z in column.items()
    }


def test_the_chinese_handout_has_every_exercise_in_chinese():
    from tools.handout import page

    english, chinese = page(), page("zh_CN")
    entries = re.findall(r"^\*\*练习[^*]*\*\*(.*)$", chinese, re.M)
    exercises = sum(  # every exercise of the book (56 in its ten chapters)
        len(re.findall(r"^```\{exercise\}", twin(p).read_text("utf-8"), re.M))
        for p in toc_notebooks()
    )
    assert (
        len(entries)
        == len(re.findall(r"^\*\*Exercise", english, re.M))
        == exercises
        > 0
    )
    han = re.compile(r"[\u4e00-\u9fff]")
    assert all(han.search(e) for e in entries)
    # every paragraph of an exercise is translated: none is left in English
    body = chinese.split("\n## ", 1)[1]
    english_only = [
        p
        for p in re.split(r"\n\s*\n", body)
        if re.search(
            r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}",
            re.sub(r"\$[^$]*\$|`[^`]*`", "", p),
        )
        and not han.search(p)
    ]
    assert not english_only, english_only[:2]
    assert "{glue" not in chinese and "{term}" not in chinese
    assert "fig-" not in chinese
