"""The interactive figures ("islands", ``book/islands/``) in the built book,
in headless Chromium, offline.

Each island is found in the built pages by its ``data-island`` attribute.
Its slider is set to several positions (the ends by keyboard, Home and End),
and every number it shows is compared with ``lossbook`` computed here, to the
precision shown.  Each island must load without console errors, fit a phone's
column with text of at least 12 px, pass axe-core in light and dark mode,
and vanish in print, where the chapter's static figure stands.
"""

import math
import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest

import lossbook
from tests.browser import (
    SCREENSHOTS,
    Visit,
    axe_violations,
    needs_chromium,
)
from tools.toc import ROOT

ISLANDS = ROOT / "book" / "islands"
SHARED_JS = ROOT / "tools" / "static" / "lossbook-islands.js"
NAME = re.compile(r'data-island="([\w-]+)"')


def island_names():
    return sorted(
        NAME.search(f.read_text(encoding="utf-8")).group(1)
        for f in ISLANDS.glob("*.html")
    )


@cache
def pages_with_islands(html_root):
    """Each island's name mapped to the built pages that hold it."""
    from tools.i18n import EDITIONS

    found = {}
    editions = set(EDITIONS.values())  # the other editions' copies of a page
    for page in sorted(Path(html_root).rglob("*.html")):
        if page.relative_to(html_root).parts[0] in editions:
            continue
        for name in NAME.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(page)
    return found


def island_page(built_book, name):
    pages = pages_with_islands(built_book).get(name, [])
    assert len(pages) == 1, f"island {name} is on {len(pages)} pages"
    return pages[0].as_uri()


SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def shown(text):
    """The number an island shows ("−3.333", "1.00 × 10⁻⁵", "∞") and half a
    unit of its last digit, the most its rounding can move it."""
    text = text.strip().replace("−", "-")
    if text == "∞":
        return math.inf, 0.0
    mantissa, _, power = text.partition(" × 10")
    exponent = int(power.translate(SUPERSCRIPT)) if power else 0
    decimals = len(mantissa.partition(".")[2])
    return float(mantissa) * 10.0**exponent, 0.5 * 10.0 ** (
        exponent - decimals
    )


def _first(values):
    return float(np.asarray(values).ravel()[0])


def log_loss_values(s):
    """The log-loss island: loss and squared error of a prediction a, and
    their derivatives in a (through the logit: dL/da = (dL/dz) / (da/dz))."""
    y, a = [s["y"]], [s["a"]]
    dl_dz = lossbook.gradients.binary_cross_entropy_with_logits(
        y, lossbook.logit(a)
    )
    return {
        "a": s["a"],
        "ll": lossbook.binary_cross_entropy(y, a),
        "se": lossbook.mse(y, a),
        "dll": _first(dl_dz) / (s["a"] * (1 - s["a"])),
        "dse": _first(lossbook.gradients.mse(y, a)),
    }


def gradients_values(s):
    y, z = [s["y"]], [s["z"]]
    return {
        "z": s["z"],
        "sig": _first(lossbook.sigmoid(z)),
        "llz": lossbook.binary_cross_entropy_with_logits(y, z),
        "dz": _first(
            lossbook.gradients.binary_cross_entropy_with_logits(y, z)
        ),
    }


def _modulating_factor(p_t, gamma):
    """(1 - p_t)^gamma as lossbook's focal loss applies it: the focal loss
    over the cross-entropy of a positive whose probability is p_t."""
    z = lossbook.logit([p_t])
    return lossbook.sigmoid_focal_loss(
        [1.0], z, gamma=gamma
    ) / lossbook.binary_cross_entropy_with_logits([1.0], z)


def focal_values(s):
    easy, hard = 0.9, 0.1  # the examples the chapter and the island use
    factor_easy = _modulating_factor(easy, s["g"])
    factor_hard = _modulating_factor(hard, s["g"])
    return {
        "g": s["g"],
        "easy": easy,
        "hard": hard,
        "mod@easy": factor_easy,
        "mod@hard": factor_hard,
        "ratio": factor_hard / factor_easy,
    }


def smoothing_values(s):
    """Label 1 smoothed by eps (K = 2): the target, the logit that minimises
    the loss, and the loss there, which is the target's entropy."""
    eps = s["eps"]
    t = _first(lossbook.smooth_labels([1.0], eps))
    z_star = float(lossbook.logit(t))
    values = {
        "eps": eps,
        "t": t,
        "zstar": z_star,
        "ls@zstar": lossbook.entropy([t, 1 - t]),
    }
    if math.isfinite(z_star):  # the loss itself at the optimum, as a check
        loss = lossbook.binary_cross_entropy_with_logits(
            [1.0], [z_star], label_smoothing=eps
        )
        assert loss == pytest.approx(values["ls@zstar"], abs=1e-12)
    return values


# Each island: its slider's state variable, the positions to try between its
# ends, the labels to try (None: no label input) and what lossbook says.
CASES = {
    "log-loss": ("a", ["0.3", "0.5", "0.77"], [0, 1], log_loss_values),
    "gradients": ("z", ["-2", "0", "3.7"], [0, 1], gradients_values),
    "focal": ("g", ["0.1", "2", "3.3"], [None], focal_values),
    "smoothing": ("eps", ["0.05", "0.2", "0.5"], [None], smoothing_values),
}


def _set_slider(slider, position):
    """Move the slider: the ends by keyboard (Home, End), others by value."""
    if position in ("Home", "End"):
        slider.focus()
        slider.press(position)
    else:
        slider.evaluate(
            "(e, v) => { e.value = v;"
            " e.dispatchEvent(new Event('input', {bubbles: true})); }",
            position,
        )


def _state(figure):
    """The island's inputs as numbers, as its script reads them."""
    return figure.evaluate(
        "f => Object.fromEntries(Array.from(f.querySelectorAll('[data-var]'))"
        ".filter(i => i.type !== 'radio' || i.checked)"
        ".map(i => [i.dataset.var, Number(i.value)]))"
    )


# The islands the book has: a fork that removes a chapter removes its island
# (python -m tools.fork), and the checks below run on those that are left.
PRESENT = sorted(set(CASES) & set(island_names()))


@pytest.fixture(scope="module")
def tab(tab):
    """The module's tab (tests/conftest.py), with an empty script in place
    of MathJax: an island's numbers do not depend on typesetting (every
    page's math is checked in tests/test_browser.py), and typesetting a
    chapter is most of the time its page takes to load."""
    tab.context.route(
        re.compile(r"/_static/mathjax/"),
        lambda route: route.fulfill(
            status=200, content_type="text/javascript", body=""
        ),
    )
    return tab


def test_the_book_has_islands_and_small_files(built_book):
    names = island_names()
    assert names, "no island in book/islands"
    assert set(names) <= set(CASES), "an island without a value test"
    on_pages = pages_with_islands(built_book)
    assert set(names) <= set(on_pages), "an island that no page shows"
    for page in ISLANDS.glob("*.html"):
        assert page.stat().st_size <= 3000, page.name
    assert SHARED_JS.stat().st_size <= 8000


@needs_chromium
@pytest.mark.parametrize("name", PRESENT)
def test_island_shows_lossbook_values(tab, built_book, name):
    var, positions, labels, expected = CASES[name]
    figure = tab.goto(island_page(built_book, name)).locator(
        f'figure[data-island="{name}"]'
    )
    slider = figure.locator(f'input[type="range"][data-var="{var}"]')
    output = figure.locator('output[aria-live="polite"]')
    assert output.count() == 1
    checked = 0
    for label in labels:
        if label is not None:
            figure.locator(f'input[type="radio"][value="{label}"]').check()
        for position in ["Home", *positions, "End"]:
            _set_slider(slider, position)
            state = _state(figure)
            if position == "Home":
                assert state[var] == float(slider.get_attribute("min"))
            if position == "End":
                assert state[var] == float(slider.get_attribute("max"))
            texts = output.evaluate(
                "o => Object.fromEntries(Array.from("
                "o.querySelectorAll('[data-out]'),"
                " e => [e.dataset.out, e.innerText]))"
            )
            for key, want in expected(state).items():
                text = texts[key]
                value, half_unit = shown(text)
                assert value == pytest.approx(
                    want, rel=1e-9, abs=half_unit * (1 + 1e-9)
                ), f"{name} at {state}: {key} shows {text}, not {want}"
                checked += 1
    assert checked >= 20
    assert not tab.errors, tab.errors
    assert not tab.blocked, tab.blocked


# The island's geometry: where it and everything in it lie, and the rendered
# size of its smallest text (SVG text scaled by its viewBox).
GEOMETRY = """f => {
  const boxes = [f, ...f.querySelectorAll('*')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
  const sizes = Array.from(f.querySelectorAll('*'))
    .filter(e => e.childNodes.length && e.textContent.trim()
      && !e.children.length)
    .map(e => parseFloat(getComputedStyle(e).fontSize)
      * (e instanceof SVGElement ? e.getScreenCTM().a : 1));
  return {
    left: Math.min(...boxes.map(r => r.left)),
    right: Math.max(...boxes.map(r => r.right)),
    overflow: f.scrollWidth - f.clientWidth,
    smallest: Math.min(...sizes),
    labelled: Array.from(f.querySelectorAll('input[type=range]')).every(
      i => i.labels.length && i.labels[0].offsetWidth > 0),
  };
}"""


# The chapter reduced to its title and the island, in the page's theme: axe
# then judges the island and the page around it, in seconds (a whole chapter
# takes up to a minute).
ONLY_THE_ISLAND = """f => {
  const article = f.closest('article');
  article.replaceChildren(article.querySelector('h1'), f);
}"""


@needs_chromium
@pytest.mark.slow  # axe on eight pages: make test-slow
@pytest.mark.parametrize("name", PRESENT)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_island_fits_reads_and_passes_axe(browser, built_book, name, scheme):
    """At 390 and 1280 px the island lies inside the window with no overflow
    of its own, its text is at least 12 px and every slider has a visible
    label; in print it is hidden; axe finds nothing serious or critical on
    the page reduced to its title and the island."""
    visit = Visit(browser, island_page(built_book, name), color_scheme=scheme)
    page = visit.page
    try:
        figure = page.locator(f'figure[data-island="{name}"]')
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            figure.scroll_into_view_if_needed()
            box = figure.evaluate(GEOMETRY)
            assert box["left"] >= 0 and box["right"] <= width, (width, box)
            assert box["overflow"] <= 0, (width, box)
            assert box["smallest"] >= 12, (width, box)
            assert box["labelled"]
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            figure.screenshot(
                path=str(SCREENSHOTS / f"island-{name}-{scheme}-{width}.png")
            )
        page.emulate_media(media="print")
        assert not figure.is_visible()
        assert not visit.errors, visit.errors
        page.emulate_media(media="screen")
        figure.evaluate(ONLY_THE_ISLAND)
        assert figure.locator("svg circle").count() > 0, "nothing drawn"
        # (axe itself then logs an error: it cannot read file:// stylesheets)
        assert axe_violations(page) == []
    finally:
        visit.close()
