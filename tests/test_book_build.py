"""The strict HTML build: it succeeds, has a page per toc entry, and loads
nothing from another host (so it works offline)."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from tools.notebooks import code_cells, read
from tools.plumbing import without_glue
from tools.toc import ROOT, toc_entries, toc_notebooks


def test_index_page_exists(built_book):
    assert (built_book / "index.html").is_file()


@pytest.mark.parametrize("entry", toc_entries())
def test_every_toc_entry_has_a_page(built_book, entry):
    assert (built_book / f"{entry}.html").is_file()


class _Resources(HTMLParser):
    """Collect the URLs a page loads (scripts, styles, images, frames)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in (
            "script",
            "img",
            "iframe",
            "source",
            "video",
            "audio",
        ) and attrs.get("src"):
            self.urls.append(attrs["src"])
        if (
            tag == "link"
            and attrs.get("href")
            and attrs.get("rel") not in ("canonical",)
        ):
            self.urls.append(attrs["href"])


def test_pages_load_nothing_from_other_hosts(built_book):
    remote = {}
    for page in built_book.rglob("*.html"):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        hosts = {urlparse(u).netloc for u in parser.urls if urlparse(u).netloc}
        if hosts:
            remote[str(page.relative_to(built_book))] = sorted(hosts)
    assert not remote, f"pages load resources from other hosts: {remote}"


def test_math_is_served_locally(built_book):
    page = (built_book / "book" / "log-loss.html").read_text(encoding="utf-8")
    assert re.search(r'src="\.\./_static/mathjax/startup\.js', page)
    config = re.search(r"window\.MathJax = (.*?)</script>", page)[1]
    assert "http" not in config  # every component from _static/mathjax/
    for part in (
        "startup",
        "core",
        "input/tex",
        "output/chtml",
        "a11y/assistive-mml",
    ):
        assert (built_book / "_static" / "mathjax" / f"{part}.js").is_file()


def test_glued_numbers_reach_the_page(built_book):
    page = (built_book / "book" / "log-loss.html").read_text(encoding="utf-8")
    for number in ("0.105", "0.511", "2.303", "0.223", "0.280", "4.605"):
        assert number in page


@pytest.mark.parametrize(
    "entry", [e for e in toc_entries() if (ROOT / f"{e}.ipynb").exists()]
)
def test_chapter_offers_its_notebook_for_download(built_book, entry):
    page = (built_book / f"{entry}.html").read_text(encoding="utf-8")
    name = entry.split("/")[-1]
    assert f"_sources/book/{name}.ipynb" in page
    assert (built_book / "_sources" / f"{entry}.ipynb").is_file()


@pytest.mark.parametrize(
    "entry", [e for e in toc_entries() if (ROOT / f"{e}.ipynb").exists()]
)
def test_chapter_links_glossary_bibliography_api_and_hides_solutions(
    built_book, entry
):
    page = (built_book / f"{entry}.html").read_text(encoding="utf-8")
    assert re.search(r'href="glossary\.html#term-', page), (
        "no glossary term linked"
    )
    assert re.search(r'href="bibliography\.html#', page), (
        "no citation linked to the bibliography"
    )
    # a chapter that calls lossbook's functions (not only its glue helper)
    if re.search(
        r"lossbook\.(?!notebook\b)\w+\(", (ROOT / f"{entry}.ipynb").read_text()
    ):
        assert re.search(r'href="api\.html#lossbook\.', page), (
            "no lossbook function linked to the API reference"
        )
    assert page.count('class="solution dropdown') >= 3, (
        "fewer than three collapsed solutions"
    )


class _Images(HTMLParser):
    """Collect every image's alt text."""

    def __init__(self):
        super().__init__()
        self.alts = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")


@pytest.mark.parametrize("entry", toc_entries())
def test_images_have_descriptive_alt_text(built_book, entry):
    parser = _Images()
    parser.feed((built_book / f"{entry}.html").read_text(encoding="utf-8"))
    bad = [
        alt
        for alt in parser.alts
        if len(alt.split()) < 4 or re.search(r"\.(png|svg|jpe?g)\b", alt)
    ]
    assert not bad, f"{entry}: images without descriptive alt text: {bad}"


def test_glued_powers_of_ten_are_typeset(built_book):
    """{glue:sci} pastes math, never the raw e-notation of its value."""
    pages = [
        p.read_text(encoding="utf-8")
        for p in (built_book / "book").glob("*.html")
    ]
    pasted = [
        m.group(1)
        for page in pages
        for m in re.finditer(r'class="pasted-text">([^<]*)<', page)
    ]
    assert pasted, "no glued text found"
    assert not [t for t in pasted if re.search(r"\d[eE][+-]?\d", t)], pasted


# Inline math as Sphinx writes it; its TeX holds no "<" (escaped as &lt;).
INLINE_MATH = (
    r'<span class="math notranslate nohighlight">\\\([^<]*?\\\)</span>'
)


@pytest.mark.parametrize("entry", toc_entries())
def test_punctuation_stays_with_its_math(built_book, entry):
    """A line never starts with the comma after a formula or ends with the
    parenthesis before one: tools/sphinx_screens.py wraps them together."""
    page = (built_book / f"{entry}.html").read_text(encoding="utf-8")
    kept = r'(?<!<span class="lossbook-nowrap">)'
    loose = re.findall(
        kept + r"(?<![(\[])" + INLINE_MATH + r"[,.;:!?)\]]", page
    )
    loose += re.findall(kept + r"[(\[]" + INLINE_MATH, page)
    assert not loose, f"punctuation that can wrap alone: {loose[:3]}"


@pytest.mark.parametrize(
    "entry", [e for e in toc_entries() if (ROOT / f"{e}.ipynb").exists()]
)
def test_pages_show_computations_not_glue_calls(built_book, entry):
    """The pages show each cell without its glue calls (tools/plumbing.py),
    and each computation a glue call held is on the page as an assignment."""
    page = (built_book / f"{entry}.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "glue(" not in text and "glue_all(" not in text
    new_lines = [
        line.strip()
        for cell in code_cells(read(ROOT / f"{entry}.ipynb"))
        for line in without_glue(cell.source).splitlines()
        if line not in cell.source.splitlines()
    ]
    missing = [line for line in new_lines if line not in text]
    assert not missing, missing[:3]


def test_numbers_match_the_built_book(built_book):
    """Figure and exercise numbers in the reader notebooks are the ones the
    built book prints."""
    from tools.reader import book

    for path in toc_notebooks():
        page = (built_book / "book" / f"{path.stem}.html").read_text(
            encoding="utf-8"
        )
        for name, (file, number) in book().figures.items():
            if file != path.name:
                continue
            shown = re.search(
                rf'id="{name}"[\s\S]*?caption-number">([^<]+?)\s*<', page
            )
            assert shown and shown[1] == number, (name, number)
        for label, number in book().exercises.items():
            if book().exercise_files[label] != path.name:
                continue
            shown = re.search(rf'id="{label}"[\s\S]*?Exercise ([\d.]+)', page)
            assert shown and shown[1] == number, (label, number)


def _search_text(built_book):
    """The search's section text (tools/sphinx_search.py), as written."""
    import json

    script = (built_book / "_static" / "lossbook-search-data.js").read_text(
        encoding="utf-8"
    )
    return json.loads(script.partition("=")[2].strip().rstrip(";"))


def test_search_text_has_every_page_and_each_reference_once(built_book):
    """Every page has its sections in the search text, each anchor once; the
    bibliography lists each work once (resolving a page's doctree a second
    time, as the extension once did, printed every reference twice)."""
    data = _search_text(built_book)
    assert set(toc_entries()) <= set(data)
    for docname, entries in data.items():
        anchors = [anchor for anchor, _, _ in entries]
        assert len(set(anchors)) == len(anchors), docname
    page = (built_book / "book" / "bibliography.html").read_text("utf-8")
    labels = re.findall(
        r'<span class="label"><span class="fn-bracket">'
        r"\[</span>(\w+)<",
        page,
    )
    text = " ".join(t for _, _, t in data["book/bibliography"])
    assert len(labels) >= 10
    shown = [label for label in labels if f"{label} " in text]
    assert shown, "no reference in the bibliography's search text"
    assert all(text.count(f"{label} ") == 1 for label in shown), text


def test_download_menu_offers_the_bundles_and_the_books_pdfs(built_book):
    """Each page's download menu offers both notebook bundles and the
    book's own PDF and exercises handout in place of the theme's browser
    print: the files when `make pdf` and `make handout` made them, else a
    page that says how to build them (tools/sphinx_bundle.py)."""
    html = (built_book / "book" / "log-loss.html").read_text("utf-8")
    links = {
        name: href
        for href, name in re.findall(
            r'<a href="([^"]*)"[^>]*class="btn btn-sm btn-download-([\w-]+)'
            r'-button dropdown-item"',
            html,
        )
    }
    assert {"bundle", "student"} <= set(links), links
    # the theme's ".pdf" prints the page: a <button>, not a link
    assert "btn-download-pdf-button" not in html, (
        "the theme's print-the-page .pdf is offered"
    )
    from tools.sphinx_bundle import PRINTED

    for source, file in PRINTED["en"].items():
        name, built = file.removesuffix(".pdf"), ROOT / "_build" / source
        href = links[name]
        target = (built_book / "book" / href).resolve()
        assert target.is_file(), href
        if built.is_file():
            assert href.endswith(f"_downloads/{file}"), href
        else:
            assert href.endswith("_downloads/pdf-not-built.html"), href
            note = target.read_text("utf-8")
            assert "make pdf" in note and '<html lang="en">' in note
