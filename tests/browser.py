"""What the browser tests share: headless Chromium from Debian, driven by
Playwright's Python package (no browser is downloaded), and a page visit with
the network cut off.  The ``browser`` fixture is in ``conftest.py``."""

import os
import shutil
from urllib.parse import urlparse

import pytest

from tools.toc import ROOT

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
needs_chromium = pytest.mark.skipif(
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


def launch():
    """Yield a headless Chromium (the ``browser`` fixture)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        yield browser
        browser.close()


class Visit:
    """A browser tab with the network cut off; records what went wrong.

    ``Visit(browser, url)`` opens one page in a context of its own.  A tab
    that visits page after page (``Visit(browser)``, then :meth:`goto`) is
    about twice as fast: Chromium keeps its renderer, MathJax and the fonts
    warm between same-site pages (17 pages at 360 px: 14 s against 26 s).
    """

    def __init__(self, browser, url=None, color_scheme="light", width=1200):
        self.context = browser.new_context(
            color_scheme=color_scheme, viewport={"width": width, "height": 900}
        )
        self.blocked, self.errors = [], []
        self.context.route("**/*", self._only_local)
        self.page = self.context.new_page()
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.errors.append(m.text),
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        if url is not None:
            self.page.goto(url, wait_until="load")

    def goto(self, url, color_scheme="light", width=1200):
        """Open ``url`` in this tab at ``width`` px in ``color_scheme``,
        with a fresh record of errors and blocked requests.  The tab first
        leaves the page it was on, so that what that page still logs (axe's
        refused style-sheet requests arrive late) is not counted here."""
        self.page.goto("about:blank")
        self.blocked.clear()
        self.errors.clear()
        self.page.set_viewport_size({"width": width, "height": 900})
        self.page.emulate_media(color_scheme=color_scheme, media="screen")
        self.page.goto(url, wait_until="load")
        return self.page

    def _only_local(self, route):
        if urlparse(route.request.url).scheme in ("file", "data", "blob"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


# Chinese text outside an element marked lang="zh...": it would fall back
# to a mismatched font and be read with an English voice.
UNMARKED_CHINESE = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const unmarked = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const marked = node.parentElement.closest('[lang]');
    if (/[\\u3400-\\u9fff]/.test(node.data)
        && !(marked && marked.lang.startsWith('zh'))) {
      unmarked.push(node.data.trim().slice(0, 20));
    }
  }
  return unmarked;
}"""


def page_url(built_book, entry):
    return (built_book / f"{entry}.html").as_uri()


# axe-core (Deque's accessibility engine), as vendored by the
# axe-playwright-python package: only its script is used.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, impacts=("serious", "critical"), disable=()):
    """The WCAG 2.x A and AA violations of ``impacts`` axe-core finds on the
    page, as ``[(rule id, impact, [target selectors])]``; rules in
    ``disable`` are not run."""
    from importlib.resources import files

    script = files("axe_playwright_python").joinpath("axe.min.js")
    page.add_script_tag(content=script.read_text(encoding="utf-8"))
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": False} for rule in disable},
    }
    result = page.evaluate(
        "async (options) => await axe.run(document, options)", options
    )
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in result["violations"]
        if v["impact"] in impacts
    ]
