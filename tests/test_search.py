"""The book's search, offline, in a real browser (tools/sphinx_search.py).

The search page is opened from ``file://`` with every other request
blocked: its results must carry summaries with the search terms marked
(made from the text the build wrote, never by fetching pages), titles that
tell the results apart and name their section or term and their page, no
console error, and no serious or critical axe-core violation in light or
dark mode.  Each page keeps a single visible search control, and Ctrl+K
still opens the theme's search dialog.
"""

import re
from functools import cache

import pytest
from bs4 import BeautifulSoup

from tests.browser import (
    UNMARKED_CHINESE,
    axe_violations,
    needs_chromium,
    page_url,
)
from tools.sphinx_search import _plain_math

pytestmark = needs_chromium

DONE = """() => {
    const s = document.querySelector('#search-results .search-summary');
    return s !== null && s.textContent.startsWith('Search finished');
}"""
RESULTS = """() => [...document.querySelectorAll('#search-results ul.search > li')]
    .map((li) => ({
        title: li.querySelector('a').textContent,
        href: li.querySelector('a').getAttribute('href'),
        api: li.querySelector('a + span') !== null
            && li.querySelector('a + span').textContent.includes('(Python'),
        summary: (li.querySelector('.lossbook-search-summary') || {})
            .textContent || '',
        marks: [...li.querySelectorAll('.lossbook-search-summary mark')]
            .map((m) => m.textContent.toLowerCase()),
    }))"""
# The search controls of the page itself; the search page's own form and
# the Ctrl+K dialog are not page chrome.
VISIBLE_CONTROLS = """() => [...document.querySelectorAll(
        '.search-button__button, form.bd-search')]
    .filter((e) => !e.closest('dialog, .bd-search-container'))
    .filter((e) => e.checkVisibility() && e.getBoundingClientRect().width > 0)
    .length"""


def _search(tab, built_book, query, color_scheme="light", width=1280):
    """The search page with ``query`` in the tab, once every result is
    listed."""
    url = (built_book / "search.html").as_uri() + f"?q={query}"
    page = tab.goto(url, color_scheme=color_scheme, width=width)
    page.wait_for_function(DONE, timeout=15000)
    return page


@cache
def _page(built_book, path):
    return BeautifulSoup((built_book / path).read_text("utf-8"), "html.parser")


def _heading(node):
    """A heading's or glossary term's text as the page shows it."""
    for link in node.select(".headerlink"):
        link.decompose()
    return " ".join(node.get_text().split())


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("cross-entropy", {"cross", "entropy", "entropi"}),
        ("label smoothing", {"label", "smoothing", "smooth"}),
    ],
)
def test_results_have_summaries_with_the_terms(tab, built_book, query, words):
    """Every result has a summary; most show the query's words marked, the
    query as typed in several; nothing else is marked.  (A page that uses
    the query only beyond the text kept for it is summed up by its
    opening.)  ``words`` are the query's words and their Porter stems."""
    results = _search(tab, built_book, query).evaluate(RESULTS)
    assert len(results) >= 5, results
    no_summary = [r["title"] for r in results if not r["summary"]]
    assert not no_summary, f"results without a summary: {no_summary}"
    marks = [m for r in results for m in r["marks"]]
    assert set(marks) <= {query} | words
    marked = [r for r in results if r["marks"]]
    assert len(marked) >= len(results) / 2, results
    assert sum(query in r["marks"] for r in results) >= 3, results
    assert not tab.errors, f"console errors: {tab.errors}"
    assert not tab.blocked, tab.blocked


def test_chinese_in_summaries_is_marked(tab, built_book):
    """The glossary's Chinese terms keep their language in the summaries
    (lang="zh", as on the glossary page), for their font and their voice."""
    page = _search(tab, built_book, "cross-entropy")
    marked = page.locator("#search-results [lang^=zh]").count()
    assert marked > 0, "no Chinese term in the summaries"
    assert page.evaluate(UNMARKED_CHINESE) == []


def test_result_titles_name_their_section_and_page(tab, built_book):
    """Each title is distinct; one that links to a section or glossary term
    reads "<its heading> — <its page's title>", as the pages show them."""
    results = _search(tab, built_book, "cross-entropy").evaluate(RESULTS)
    titles = [r["title"] for r in results]
    assert len(set(titles)) == len(titles), titles
    glossary = {t for t in titles if t.endswith(" — Glossary")}
    assert {"cross-entropy — Glossary"} <= glossary and len(glossary) >= 3
    for r in results:
        path, _, anchor = r["href"].partition("#")
        if not anchor or r["api"]:
            continue
        page = _page(built_book, path)
        target = page.find(id=anchor)
        if target.name == "section":
            target = target.find(re.compile("^h[1-6]$"))
        if target.name == "h1":  # the page itself
            continue
        h1 = _heading(page.select_one("article h1"))
        assert r["title"] == f"{_heading(target)} — {h1}"


@pytest.mark.parametrize("width", [390, 1280])
def test_one_search_control_and_ctrl_k(tab, built_book, width):
    """The top bar's second search field (pydata-sphinx-theme's
    ``navbar_persistent``) is gone; one search control stays visible, and
    Ctrl+K opens the search dialog."""
    page = tab.goto(page_url(built_book, "book/log-loss"), width=width)
    assert page.evaluate(VISIBLE_CONTROLS) == 1
    header = "document.getElementById('pst-header')"
    assert page.evaluate(f"{header}.getBoundingClientRect().height") == 0
    page.keyboard.press("Control+k")
    page.wait_for_function("document.getElementById('pst-search-dialog').open")
    assert page.evaluate("document.activeElement.name") == "q"
    assert not tab.errors, tab.errors


@pytest.mark.slow  # axe: make test-slow
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_search_page_is_accessible(tab, built_book, color_scheme):
    page = _search(tab, built_book, "cross-entropy", color_scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == (
        color_scheme
    )
    assert page.locator("mark").count() > 0  # highlights are checked
    # axe reads the stylesheets by XHR, which file:// refuses with a console
    # error of its own: errors are checked before it runs
    assert not tab.errors, tab.errors
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"-\sum_k p_k \log q_k", "-∑_k p_k log q_k"),
        (r"\sigma(z) = \frac{1}{1 + e^{-z}}", "σ(z) = 1/(1 + e^(-z))"),
        (r"D_{\mathrm{KL}}(p \,\Vert\, q)", "D_KL(p ‖ q)"),
        (r"\hat{y} \in \{0, 1\}", "y\u0302 ∈ {0, 1}"),
        (r"\sqrt{\tfrac{a}{b}}", "√(a/b)"),
    ],
)
def test_summaries_show_math_as_text(tex, text):
    assert _plain_math(tex) == text
