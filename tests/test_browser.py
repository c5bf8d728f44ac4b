"""The built book in a real browser, offline: headless Chromium from Debian,
driven by Playwright's Python package (no browser is downloaded).

Every page is opened from ``file://`` with every other request blocked, and
must load without console errors, with all its math typeset and all its
images decoded. Screenshots go to ``_build/screenshots/`` for review.
"""

import os
import shutil
from urllib.parse import urlparse

import pytest

from tools.toc import ROOT, toc_entries

CHROMIUM = os.environ.get("LOSSBOOK_CHROMIUM") or next(
    filter(
        None,
        map(shutil.which, ("chromium", "chromium-browser", "google-chrome")),
    ),
    None,
)
if CHROMIUM is None and os.environ.get("LOSSBOOK_REQUIRE_BROWSER"):
    raise RuntimeError(
        "LOSSBOOK_REQUIRE_BROWSER is set but Chromium is not installed"
    )
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed: run `apt-get install chromium` (Debian) "
    "to run the browser tests; .ci/run installs it.",
)

SCREENSHOTS = ROOT / "_build" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MATH_READY = """async () => {
    if (!window.MathJax || !MathJax.startup) { return false; }
    await MathJax.startup.promise;
    return true;
}"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        yield browser
        browser.close()


class Visit:
    """One page load with the network cut off; records what went wrong."""

    def __init__(self, browser, url, color_scheme="light"):
        self.context = browser.new_context(
            color_scheme=color_scheme, viewport={"width": 1200, "height": 900}
        )
        self.blocked, self.errors = [], []
        self.context.route("**/*", self._only_local)
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.errors.append(m.text),
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url, wait_until="load")

    def _only_local(self, route):
        if urlparse(route.request.url).scheme in ("file", "data", "blob"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


def _page_url(built_book, entry):
    return (built_book / f"{entry}.html").as_uri()


@pytest.mark.parametrize("entry", toc_entries())
def test_page_works_offline(browser, built_book, entry):
    visit = Visit(browser, _page_url(built_book, entry))
    page = visit.page
    try:
        has_math = page.evaluate("document.querySelector('.math') !== null")
        if has_math:
            assert page.evaluate(MATH_READY), "MathJax did not load"
            assert page.locator("mjx-container").count() > 0
        text = page.inner_text("main")
        assert "\\(" not in text and "$$" not in text and "\\[" not in text, (
            "raw LaTeX left in the page"
        )
        broken = page.evaluate(
            "Array.from(document.images)"
            ".filter(i => !(i.complete && i.naturalWidth > 0))"
            ".map(i => i.src)"
        )
        assert not broken, f"images that did not load: {broken}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / f"{entry.replace('/', '-')}.png"),
            full_page=True,
        )
        assert not visit.errors, f"console errors: {visit.errors}"
        assert not visit.blocked, (
            f"requests that tried to leave the machine: {visit.blocked}"
        )
    finally:
        visit.close()


def test_dark_theme_page_renders(browser, built_book):
    visit = Visit(
        browser, _page_url(built_book, "book/log-loss"), color_scheme="dark"
    )
    try:
        assert (
            visit.page.evaluate("document.documentElement.dataset.theme")
            == "dark"
        )
        visit.page.evaluate(MATH_READY)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(
            path=str(SCREENSHOTS / "book-log-loss-dark.png"), full_page=True
        )
        assert not visit.errors and not visit.blocked
    finally:
        visit.close()


def test_search_finds_cross_entropy(browser, built_book):
    visit = Visit(
        browser, (built_book / "search.html").as_uri() + "?q=cross-entropy"
    )
    try:
        results = visit.page.locator("#search-results li")
        results.first.wait_for(timeout=15000)
        assert results.count() > 0
        assert not visit.errors and not visit.blocked
    finally:
        visit.close()


def _visible_toggle(page, kind):
    return page.locator(f".{kind}-toggle:visible").first


@pytest.mark.parametrize("kind", ["primary", "secondary"])
def test_menu_and_contents_open_on_a_phone(browser, built_book, kind):
    """The visible menu (primary) and Contents (secondary) buttons open their
    drawers at 390 px, by click and by keyboard, and Escape closes them."""
    visit = Visit(browser, _page_url(built_book, "book/log-loss"))
    page = visit.page
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        dialog = f"document.getElementById('pst-{kind}-sidebar-modal')"
        _visible_toggle(page, kind).click()
        page.wait_for_function(f"{dialog}.open")
        assert page.evaluate(f"{dialog}.querySelectorAll('a').length") > 3
        page.keyboard.press("Escape")
        page.wait_for_function(f"!{dialog}.open")
        _visible_toggle(page, kind).focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"{dialog}.open")
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_menu_hides_and_shows_the_sidebar_on_a_wide_screen(
    browser, built_book
):
    visit = Visit(browser, _page_url(built_book, "book/log-loss"))
    page = visit.page
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        width = "document.querySelector('.bd-sidebar-primary').offsetWidth"
        assert page.evaluate(width) > 0
        _visible_toggle(page, "primary").click()
        assert page.evaluate(width) == 0
        _visible_toggle(page, "primary").click()
        assert page.evaluate(width) > 0
        assert not visit.errors, visit.errors
    finally:
        visit.close()
