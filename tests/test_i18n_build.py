"""The Chinese edition as built (`make test-slow`): strictly, from the same
executed notebooks as the English book, and linked to it page by page."""

import json
import re
import subprocess
import sys

import pytest
from myst_nb.core.variables import format_plain_text

from tests.browser import Visit, needs_chromium
from tests.test_browser import check_on_screen
from tests.test_browser import (
    test_page_works_offline_on_a_small_phone as works_on_a_small_phone,
)
from tools.i18n import title
from tools.notebooks import glued
from tools.toc import ROOT, toc_entries, toc_notebooks, twin

pytestmark = pytest.mark.slow
PAGES = toc_entries()


@pytest.fixture(scope="module")
def zh_book(built_book):
    """The edition built strictly (warnings are errors) beside the English
    build, as `make book` does."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.i18n", "build", "zh_CN"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (
        result.stdout[-3000:] + result.stderr[-3000:]
    )
    return built_book / "zh"


def page(folder, entry):
    return (folder / f"{entry}.html").read_text(encoding="utf-8")


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("entry", PAGES)
def test_every_page_is_chinese_and_titled(zh_book, entry):
    html = page(zh_book, entry)
    assert '<html lang="zh-CN"' in html
    assert title("zh_CN") in html and "对数损失" in title("zh_CN")


@pytest.mark.parametrize("chapter", toc_notebooks(), ids=lambda p: p.stem)
def test_chapters_show_the_same_glued_numbers(zh_book, built_book, chapter):
    entry = str(chapter.relative_to(ROOT).with_suffix(""))
    zh, en = text(page(zh_book, entry)), text(page(built_book, entry))
    values = glued(chapter)
    roles = re.findall(
        r"\{glue:text\}`(?![^`]*::)(\w+):?([^`]*)`",
        twin(chapter).read_text(encoding="utf-8"),
    )
    assert len(roles) > 10
    for name, spec in roles:
        shown = format_plain_text(values[name], spec or "s")
        assert shown in en, f"{name}: {shown} not on the English page"
        assert shown in zh, f"{name}: {shown} not on the Chinese page"


def test_only_the_chinese_landing_page_describes_the_edition(
    zh_book, built_book
):
    assert "关于本版" in page(zh_book, "book/intro") or "本版" in page(
        zh_book, "book/intro"
    )
    assert "About this edition" not in page(built_book, "book/intro")


@pytest.mark.parametrize("entry", PAGES)
def test_each_page_links_to_the_same_page_of_the_other_edition(
    zh_book, built_book, entry
):
    depth = entry.count("/")
    to_zh = "../" * depth + f"zh/{entry}.html"
    to_en = "../" * (depth + 1) + f"{entry}.html"
    assert f'href="{to_zh}"' in page(built_book, entry)
    assert f'href="{to_en}"' in page(zh_book, entry)
    assert (built_book / "zh" / f"{entry}.html").is_file()


def test_search_finds_the_chinese_terms(zh_book):
    index = (zh_book / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    docnames = data["docnames"]
    for term, page_name in (
        ("对数损失", "book/log-loss"),
        ("交叉熵", "book/multiclass"),
    ):
        hits = set()
        for kind in ("terms", "titleterms"):  # a title's words are only there
            found = data[kind].get(term, [])
            hits |= set(found if isinstance(found, list) else [found])
        assert docnames.index(page_name) in hits, (
            f"{term} does not find {page_name}"
        )
        assert len(hits) >= 3


# The edition in the browser: the same checks as the English pages
# (tests/test_browser.py), on the Chinese ones.


@needs_chromium
@pytest.mark.parametrize("entry", PAGES)
def test_chinese_page_works_offline_on_a_small_phone(tab, zh_book, entry):
    works_on_a_small_phone(tab, zh_book, entry)


# What an edition's pages say around the text: the download menu, the
# configuration's words (the footer) and the page that stands in for a PDF
# not built.
MENU_ITEM = re.compile(
    r'<a href="(?P<href>[^"]*)"[^>]*class="btn btn-sm btn-download-'
    r'(?P<name>[\w-]+)-button dropdown-item"[^>]*title="(?P<title>[^"]*)"'
    r'.*?btn__text-container">(?P<text>[^<]*)<',
    re.S,
)


def test_the_interface_speaks_chinese(zh_book):
    """The download menu, its tooltips, the footer, the code-cell toggles
    and the hints of the hidden solutions are the interface catalog's
    Chinese (locales/zh_CN/LC_MESSAGES/sphinx.po), with no English word of
    the catalog left on the page; the PDFs offered are the Chinese ones."""
    from tools.i18n import interface_words, translated

    html = page(zh_book, "book/log-loss")
    chinese = translated("zh_CN", interface_words())
    items = {m["name"]: m for m in MENU_ITEM.finditer(html)}
    assert {"student", "bundle"} <= set(items), sorted(items)
    for name, item in items.items():
        if name == "source":  # the page's own .ipynb
            continue
        assert re.search("[\u4e00-\u9fff]", item["text"]), item["text"]
        assert re.search("[\u4e00-\u9fff]", item["title"]), item["title"]
    pdfs = [m["href"] for n, m in items.items() if "pdf" in m["href"]]
    assert len(pdfs) == 2 and all(
        "-zh.pdf" in h or "pdf-not-built" in h for h in pdfs
    ), pdfs
    shown = text(html)
    for english in chinese:
        if "%(" in english or "{type}" in english:  # as templates fill them
            continue
        assert f">{english}<" not in html and f'"{english}"' not in html, (
            english
        )
    for expected in ("显示代码", "版权所有", "全部笔记本（.zip）"):
        assert expected in shown, expected
    assert "toggleHintShow = '点击显示'" in html


def test_a_pdf_not_built_is_explained_in_the_editions_language(zh_book):
    """Where `make pdf` has not run, the menu links to a page that says how
    to build the PDF, in the edition's language."""
    note = (zh_book / "_downloads" / "pdf-not-built.html").read_text("utf-8")
    assert '<html lang="zh-CN">' in note
    assert "make pdf" in note and "make handout" in note
    assert re.search("[\u4e00-\u9fff]{10}", note)


@needs_chromium
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "entry", ["book/intro", "book/log-loss", "book/glossary"]
)
def test_chinese_page_on_every_screen(tab, zh_book, entry, width, scheme):
    """Phone and desktop, light and dark, as every English page: it fits,
    its menu works, axe finds no serious violation, and a screenshot is kept
    for a person to look at."""
    check_on_screen(tab, zh_book, entry, width, scheme, prefix="zh-")


@needs_chromium
@pytest.mark.parametrize("query", ["对数损失", "交叉熵"])
def test_chinese_search_finds_terms_and_shows_summaries(
    browser, zh_book, query
):
    from urllib.parse import quote

    visit = Visit(
        browser, (zh_book / "search.html").as_uri() + "?q=" + quote(query)
    )
    try:
        results = visit.page.locator("#search-results li")
        results.first.wait_for(timeout=15000)
        assert results.count() >= 3
        summaries = visit.page.locator(".lossbook-search-summary")
        summaries.first.wait_for(timeout=15000)
        # each result is summed up by its section's opening, which holds the
        # query for most results (as in English)
        texts = summaries.all_inner_texts()
        assert sum(query in t for t in texts) >= len(texts) / 2, texts
        assert not visit.errors and not visit.blocked
    finally:
        visit.close()


def test_the_table_of_contents_is_in_chinese(zh_book):
    """The parts' captions ("Foundations") are translated too: they come from
    _toc.yml, which sphinx-external-toc reads after Sphinx has translated
    the page (tools/sphinx_i18n.py translates them)."""
    html = page(zh_book, "book/log-loss")
    start = html.index("bd-docs-nav")
    shown = text(html[start : html.index("</nav>", start)])  # the sidebar
    for english in ("Foundations", "Theory", "Practice", "Appendix"):
        assert english not in shown
    assert "基础" in shown and "附录" in shown


# The interactive figures (book/islands/, tools/sphinx_islands.py): the
# edition's build puts the islands' catalog's words into them; the script
# computes the same numbers.
def _zh_islands(zh_book):
    """Each island's name mapped to its figure's HTML on its Chinese page
    and that page."""
    from tests.test_islands import pages_with_islands

    found = {}
    for name, pages in pages_with_islands(zh_book).items():
        assert len(pages) == 1, f"island {name} is on {len(pages)} pages"
        html = pages[0].read_text(encoding="utf-8")
        figure = re.search(
            rf'<figure class="lbi" data-island="{name}".*?</figure>',
            html,
            re.S,
        )
        found[name] = (figure[0], pages[0])
    return found


def test_each_island_speaks_chinese(zh_book):
    """Caption, labels and legends hold Chinese; no unit of the English
    island with words to translate is left (tools.islands.messages of the
    built figure); the figure keeps every unit, tag and attribute."""
    from tests.test_islands import ISLANDS, island_names
    from tools.i18n import needs_words
    from tools.islands import messages

    built = _zh_islands(zh_book)
    assert set(built) == set(island_names())
    han = re.compile("[\u4e00-\u9fff]")
    for path in ISLANDS.glob("*.html"):
        source = path.read_text(encoding="utf-8")
        name = re.search(r'data-island="([\w-]+)"', source)[1]
        figure = built[name][0]
        english = [m for m in messages(source) if needs_words(m)]
        shown = messages(figure)
        assert len(shown) == len(messages(source)), name
        left = [m for m in english if m in shown]
        assert not left, f"{name}: English left: {left}"
        for tag, unit in re.findall(
            r"<(figcaption|legend|label)\b[^>]*>(.*?)</\1>", figure, re.S
        ):
            words = re.sub(r"<[^>]+>", "", unit)
            if re.search(r"[^\W\d_]", words):  # not a radio button's " 0"
                assert han.search(words), f"{name}: {tag} {words!r}"
        chinese_labels = re.findall(
            r'aria-label="[^"]*[\u4e00-\u9fff]', figure
        )
        assert len(chinese_labels) == source.count("aria-label=")
        # the script's hooks are as in English
        assert sorted(re.findall(r"data-[\w-]+=\"[^\"]*\"", figure)) == sorted(
            re.findall(r"data-[\w-]+=\"[^\"]*\"", source)
        )


@needs_chromium
def test_each_chinese_island_shows_lossbook_values(tab, zh_book):
    """The numbers are the English island's: one slider position and every
    label per island, against lossbook (tests/test_islands.py)."""
    from tests.test_islands import CASES, _set_slider, _state, shown

    for name, (_, page_path) in sorted(_zh_islands(zh_book).items()):
        var, positions, labels, expected = CASES[name]
        figure = tab.goto(page_path.as_uri()).locator(
            f'figure[data-island="{name}"]'
        )
        assert re.search("[\u4e00-\u9fff]", figure.inner_text())
        slider = figure.locator(f'input[type="range"][data-var="{var}"]')
        output = figure.locator('output[aria-live="polite"]')
        for label in labels:
            if label is not None:
                figure.locator(f'input[type="radio"][value="{label}"]').check()
            _set_slider(slider, positions[-1])
            state = _state(figure)
            texts = output.evaluate(
                "o => Object.fromEntries(Array.from("
                "o.querySelectorAll('[data-out]'),"
                " e => [e.dataset.out, e.innerText]))"
            )
            for key, want in expected(state).items():
                value, half_unit = shown(texts[key])
                assert value == pytest.approx(
                    want, rel=1e-9, abs=half_unit * (1 + 1e-9)
                ), f"{name} at {state}: {key} shows {texts[key]}, not {want}"
        assert not tab.errors, tab.errors
