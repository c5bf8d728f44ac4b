"""The book's pages stay light, and lose nothing a reader sees on the way
(``tools/sphinx_light.py`` says what it leaves out and why).

Each page of the toc is opened once from ``file://``, in a fresh browser
context (nothing cached), and weighed: the size on disk of every file it
asked for, once MathJax has typeset and the fonts have loaded.  The same
pass checks that every visible Font Awesome icon has its glyph in a font the
page loaded, and that every formula is typeset with the MathML copy screen
readers read.  The header icons are then checked on one page at phone and
desktop widths, light and dark, with their menus open.
"""

import io
import statistics
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.browser import MATH_READY, Visit, needs_chromium, page_url
from tools.toc import toc_entries

# One pass over every page (about 15 s) and the header at four screens:
# make test-slow, which CI runs.
pytestmark = [needs_chromium, pytest.mark.slow]

BUDGET = 1_900_000  # bytes: the median page, from the issue
PAGE = "book/log-loss"  # a chapter with math, admonitions and every button

# Every element showing a Font Awesome glyph in a pseudo-element, visible on
# the page: everything outside the article, and in it the icon classes and
# the admonition titles the theme decorates.
ICONS = """() => {
  const found = [];
  const elements = document.querySelectorAll(
    "body *:not(article *), article [class*='fa-'], article .admonition-title"
  );
  for (const el of elements) {
    const visible = el.checkVisibility({
      checkOpacity: true, checkVisibilityCSS: true,
    });
    if (!visible) continue;
    const box = el.getBoundingClientRect();
    const bare = !el.textContent.trim();
    let drawn = false;
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      if (!style.fontFamily.includes("Font Awesome")) continue;
      if (!/^".+"$/.test(style.content)) continue;
      drawn = true;
      const size = parseFloat(style.fontSize);
      found.push({
        name: `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`,
        sized: box.width > 0 && box.height > 0,
        codes: [...style.content.slice(1, -1)].map((c) => c.codePointAt(0)),
        // where the glyph is, when the element is nothing but the icon
        box: bare ? [
          box.x, box.y + box.height / 2 - size / 2, box.width, size,
        ] : null,
      });
    }
    // an icon class that no stylesheet gives a glyph
    if (!drawn && bare && [...el.classList].some((c) => c.startsWith("fa-"))) {
      found.push({ name: el.className, sized: false, codes: [], box: null });
    }
  }
  return found;
}"""
MATH = r"""() => {
  const math = [...document.querySelectorAll(".math")];
  return {
    elements: math.length,
    typeset: math.filter((m) => m.querySelector("mjx-container")).length,
    containers: document.querySelectorAll("mjx-container").length,
    mathml: document.querySelectorAll("mjx-container mjx-assistive-mml math")
      .length,
    errors: document.querySelectorAll("mjx-merror").length,
    raw: math.filter((m) => /\\\(|\\\[|\$\$/.test(
      [...m.childNodes].filter((n) => n.nodeType === 3)
        .map((n) => n.textContent).join(""))).length,
  };
}"""

TRANSITIONS_ENDED = """() => Promise.all(document.getAnimations()
  .filter((a) => a.effect.getComputedTiming().endTime !== Infinity)
  .map((a) => a.finished))"""


class WeighedVisit(Visit):
    """A page visit that also notes every local file the page asks for."""

    def __init__(self, *args, **kwargs):
        self.files = set()
        super().__init__(*args, **kwargs)

    def _only_local(self, route):
        url = urlparse(route.request.url)
        if url.scheme == "file":
            self.files.add(Path(unquote(url.path)))
        super()._only_local(route)


def _settle(page):
    """Wait for MathJax (when the page has math) and for the fonts."""
    if page.evaluate("document.querySelector('.math') !== null"):
        assert page.evaluate(MATH_READY), "MathJax did not load"
    page.evaluate("document.fonts.ready.then(() => true)")


@pytest.fixture(scope="module")
def pages(browser, built_book):
    """One pass over the toc: for each page, what it weighed, the files it
    loaded, its icons, its math, console errors and blocked requests."""
    seen = {}
    for entry in toc_entries():
        visit = WeighedVisit(browser, page_url(built_book, entry))
        try:
            _settle(visit.page)
            # an image not fetched yet (lazy loading) still counts; one
            # written into the page (a data: address) weighs in the page
            visit.files |= {
                Path(unquote(urlparse(src).path))
                for src in visit.page.evaluate(
                    "[...document.images].map((i) => i.currentSrc || i.src)"
                )
                if not src.startswith("data:")
            }
            files = {f: f.stat().st_size for f in visit.files if f.is_file()}
            seen[entry] = {
                "weight": sum(files.values()),
                "largest": sorted(files.items(), key=lambda f: -f[1])[:5],
                "files": set(files),
                "icons": visit.page.evaluate(ICONS),
                "math": visit.page.evaluate(MATH),
                "errors": visit.errors,
                "blocked": visit.blocked,
            }
        finally:
            visit.close()
    return seen


def _glyphs(files):
    """The characters of the fonts among ``files``, MathJax's left out.  A
    WOFF2 file is read from the TrueType copy beside it: the same font, and
    fontTools reads WOFF2 only with brotli installed."""
    from fontTools.ttLib import TTFont

    found = set()
    for font in files:
        if "mathjax" in font.parts:
            continue
        if font.suffix == ".woff2":
            font = font.with_suffix(".ttf")
        if font.suffix in (".woff", ".ttf"):
            found |= set(TTFont(font).getBestCmap())
    return found


def _without_glyph(icons, files):
    """The icons of no size, or whose characters are in no font of
    ``files``."""
    glyphs = _glyphs(files)
    return [
        (icon["name"], [hex(c) for c in icon["codes"]])
        for icon in icons
        if not icon["sized"]
        or not icon["codes"]
        or not set(icon["codes"]) <= glyphs
    ]


def test_median_page_is_light(pages):
    table = "\n".join(
        f"{entry:32} {page['weight'] / 1e6:5.2f} MB  largest: "
        + ", ".join(f"{f.name} {s / 1e3:.0f} kB" for f, s in page["largest"])
        for entry, page in pages.items()
    )
    median = statistics.median(page["weight"] for page in pages.values())
    print(f"\n{table}\nmedian {median / 1e6:.2f} MB")
    assert median <= BUDGET, (
        f"the median page weighs {median / 1e6:.2f} MB, more than "
        f"{BUDGET / 1e6} MB:\n{table}"
    )


def test_pages_are_quiet_and_offline(pages):
    """No script fails for want of Font Awesome's JavaScript or of the
    search scripts (a console error), and nothing leaves the machine."""
    assert not {e: p["errors"] for e, p in pages.items() if p["errors"]}
    assert not {e: p["blocked"] for e, p in pages.items() if p["blocked"]}


def test_every_icon_has_its_glyph(pages):
    for entry, page in pages.items():
        assert page["icons"], f"{entry}: no icon found"
        missing = _without_glyph(page["icons"], page["files"])
        assert not missing, f"{entry}: icons without a glyph: {missing}"


def test_math_is_typeset_with_mathml(pages):
    math_pages = {
        e: p["math"] for e, p in pages.items() if p["math"]["elements"]
    }
    assert len(math_pages) > len(pages) / 2
    for entry, math in math_pages.items():
        assert math["typeset"] == math["elements"], (entry, math)
        assert math["containers"] == math["elements"], (entry, math)
        assert math["mathml"] == math["containers"], (entry, math)
        assert math["errors"] == 0 and math["raw"] == 0, (entry, math)


def _inked(screenshot, box):
    """Whether the screenshot has more than one colour inside ``box``."""
    x, y, width, height = (round(v) for v in box)
    region = screenshot.crop((x, y, x + width, y + height))
    return any(low != high for low, high in region.getextrema())


def _check_icons(page, files, where):
    """Every visible icon has its glyph, and those drawn on screen, ink
    (once the layout's transitions have ended)."""
    from PIL import Image

    page.evaluate(TRANSITIONS_ENDED)
    icons = page.evaluate(ICONS)
    missing = _without_glyph(icons, files)
    assert not missing, f"{where}: icons without a glyph: {missing}"
    viewport = page.viewport_size
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    on_screen = [
        icon
        for icon in icons
        if icon["box"]
        and 0 <= icon["box"][0] <= viewport["width"] - icon["box"][2]
        and 0 <= icon["box"][1] <= viewport["height"] - icon["box"][3]
    ]
    assert on_screen, where
    blank = [i["name"] for i in on_screen if not _inked(shot, i["box"])]
    assert not blank, f"{where}: icons drawn blank: {blank}"
    return icons


def _switch_icon(page):
    """The characters of the theme switch's visible icon."""
    return [
        i["codes"] for i in page.evaluate(ICONS) if "theme-switch" in i["name"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_header_icons_at_phone_and_desktop(browser, built_book, width, scheme):
    """The header's icons, the download menu's and the theme switch's other
    icon, drawn at ``width`` px."""
    visit = WeighedVisit(browser, page_url(built_book, PAGE), scheme)
    page = visit.page
    try:
        page.set_viewport_size({"width": width, "height": 844})
        _settle(page)
        where = f"{PAGE} at {width} px, {scheme}"
        icons = _check_icons(page, visit.files, where)
        page.locator(".dropdown-download-buttons button:visible").click()
        page.wait_for_selector(
            ".dropdown-download-buttons .dropdown-menu.show"
        )
        in_menu = _check_icons(page, visit.files, f"{where}, download menu")
        assert len(in_menu) >= len(icons) + 3, "the menu items lost icons"
        page.keyboard.press("Escape")
        before = _switch_icon(page)
        page.locator(".theme-switch-button:visible").first.click()
        _check_icons(page, visit.files, f"{where}, theme switched")
        assert _switch_icon(page) != before, "the theme switch kept its icon"
        assert not visit.errors, visit.errors
    finally:
        visit.close()
