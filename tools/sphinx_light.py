"""Sphinx extension: lighter pages, with nothing lost that a reader uses.

Every page of the theme loaded about 4 MB, most of which did nothing a
reader sees.  What this extension drops or slims, on every page:

- Font Awesome's JavaScript (1.5 MB), which only redraws the theme's
  ``<i class="fa-...">`` icons as SVG.  The theme's stylesheet already draws
  them with the Font Awesome webfont, so the script goes and the webfont
  stays, cut down to the glyphs the book shows (a few kB instead of 156 kB).
  Its ``@font-face`` names those glyphs in ``unicode-range``: any other
  icon still comes from the theme's full font, only heavier.
- The 1,800 icon rules of the theme's stylesheet (85 kB of its 397 kB),
  down to those of the icons the pages and scripts name.
- MathJax's ``tex-chtml.js`` (1.2 MB), replaced by the components it
  bundles minus the context menu (``MATHJAX_LOAD``), and MathJax itself on
  a page without math.
- Sphinx's search scripts and search index (150 kB), which the theme loads
  on every page for search-as-you-type; the book leaves that off, so only
  the search page needs them.
- sphinx-design's stylesheet and script (62 kB) on a page without a
  sphinx-design element (Jupyter Book loads them on every page).

The assets Sphinx lists are filtered as each page is rendered; the theme
writes its stylesheet, Font Awesome and search scripts into its templates,
so those tags are changed in the written pages when the build finishes.
"""

import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

# MathJax 3 components from the offline copy of MathJax that
# sphinx-mathjax-offline puts in _static/mathjax/: what tex-chtml.js bundles,
# without ui/menu (426 kB).  input/tex has the same TeX packages (ams,
# newcommand, autoload of any other package, ...), so every equation
# typesets as before; a11y/assistive-mml keeps the hidden MathML copy that
# screen readers read; the typeset formulas are the same, element for
# element.  What the reader loses is the right-click MathJax menu (show as
# TeX or MathML, zoom, accessibility settings).  That is acceptable: the book
# never refers to the menu, the browser's own menu comes back, screen readers
# keep the MathML, and the TeX of every formula is in the chapter's notebook
# (the download menu).
MATHJAX_LOAD = ["input/tex", "output/chtml", "a11y/assistive-mml"]
MATHJAX_STARTUP = "mathjax/startup.js"

# A page needs MathJax if its body has a TeX delimiter.
TEX_DELIMITERS = re.compile(r"\\\(|\\\[|\$\$|\\begin\{")
# An element of sphinx-design, by its class names.
DESIGN_CLASS = re.compile(r'class="[^"]*\bsd-')
DESIGN_ASSETS = {"_static/sphinx-design.min.css", "_static/design-tabs.js"}

FA_SCRIPT = re.compile(
    r"\s*(?:<!-- So that users can add custom icons -->\s*)?"
    r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*">'
    r"</script>"
)
SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*'
    r"(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"
    r'"></script>'
)
# What pydata-sphinx-theme writes in a page whose search box does not search
# as you type: that page needs no search script.
NO_SEARCH_AS_YOU_TYPE = "DOCUMENTATION_OPTIONS.search_as_you_type = false;"
THEME_CSS = "styles/pydata-sphinx-theme.css"
LIGHT_THEME_CSS = "styles/lossbook-light-pydata-sphinx-theme.css"
THEME_CSS_LINK = re.compile(
    r'(<link href="[^"]*_static/)' + re.escape(THEME_CSS) + r'\?[^"]*"'
)

THEME_FONT = "vendor/fontawesome/webfonts/fa-solid-900.ttf"
ICON_FONT = "lossbook-light-icons.woff"
ICON_CSS = "lossbook-light-icons.css"
# The rules of the theme's stylesheet that give each icon class its glyph,
# e.g. `.fa-bars:before,.fa-navicon:before{content:"\f0c9"}`.
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"([^"]*)"\}')
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?|\\(.)")
ICON_NAME = re.compile(r"\bfa-([a-z0-9-]+)")
CLASS_ATTR = re.compile(r'class="([^"]*)"')
# Glyphs that stylesheets draw themselves (admonition titles, links, ...):
# Font Awesome's icons are in the Private Use Area, written as escapes or
# as the characters.
PRIVATE_USE = re.compile(r"\\(?:f[0-9a-f]{3}|e[0-9a-f]{3})\b|[\ue000-\uf8ff]")


def _use_mathjax_components(app, config):
    config.mathjax_path = MATHJAX_STARTUP
    config.mathjax3_config = {
        **(config.mathjax3_config or {}),
        "loader": {"load": MATHJAX_LOAD},
    }


def _drop_unused_assets(app, pagename, templatename, context, doctree):
    """Leave out of this page the MathJax and sphinx-design files it does
    not use (pages without a body, such as the index, use neither)."""
    body = context.get("body", "")
    unused = set() if DESIGN_CLASS.search(body) else set(DESIGN_ASSETS)
    no_math = not TEX_DELIMITERS.search(body)
    if no_math:
        unused.add(f"_static/{app.config.mathjax_path}")
    if "script_files" in context:
        context["script_files"] = [
            s
            for s in context["script_files"]
            if _filename(s) not in unused
            and not (no_math and _is_mathjax_config(s))
        ]
    if "css_files" in context:
        context["css_files"] = [
            c for c in context["css_files"] if _filename(c) not in unused
        ]


def _filename(asset):
    """An asset's path in the output, as Sphinx lists it (``_static/...``);
    extensions may list a plain string."""
    return getattr(asset, "filename", asset)


def _is_mathjax_config(script):
    body = getattr(script, "attributes", {}).get("body", "")
    return body.startswith("window.MathJax")


def _rewrite_pages(outdir, search_page):
    """Take the Font Awesome script out of the written pages, and the
    search scripts out of those but the search page that do not search as
    you type, and link the slim theme stylesheet; return the pages' text."""
    texts = []
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        light = FA_SCRIPT.sub("", text)
        light = THEME_CSS_LINK.sub(rf'\g<1>{LIGHT_THEME_CSS}"', light)
        if page != search_page and NO_SEARCH_AS_YOU_TYPE in light:
            light = SEARCH_SCRIPTS.sub("", light)
        if light != text:
            page.write_text(light, encoding="utf-8")
        texts.append(light)
    return texts


def _css_string(text):
    """The characters a CSS string literal stands for."""
    return CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], text)


def _icon_names(static, texts):
    """The Font Awesome names that the pages and the scripts in ``_static``
    mention.  An icon class of a page that the theme's stylesheet does not
    know fails the strict build: only Font Awesome's JavaScript drew it."""
    scripts = [
        p.read_text(encoding="utf-8")
        for p in static.rglob("*.js")
        if p.name != "fontawesome.js" and "mathjax" not in p.parts
    ]
    theme_css = (static / THEME_CSS).read_text(encoding="utf-8")
    for text in texts:
        for classes in CLASS_ATTR.findall(text):
            for name in ICON_NAME.findall(classes):
                if f".fa-{name}" not in theme_css:
                    logger.warning(
                        "icon class fa-%s is not in the theme's stylesheet: "
                        "without Font Awesome's JavaScript it shows nothing",
                        name,
                    )
    return {n for text in texts + scripts for n in ICON_NAME.findall(text)}


def _write_slim_theme_css(static, names):
    """The theme's stylesheet with only the icon rules of ``names``; return
    the characters those icons show."""
    shown = set()

    def keep_used(rule):
        selectors, content = rule.groups()
        rule_names = {
            s[len(".fa-") : -len(":before")]
            for s in selectors.rstrip(",").split(",")
        }
        if not rule_names & names:
            return ""
        shown.update(map(ord, _css_string(content)))
        return rule[0]

    css = (static / THEME_CSS).read_text(encoding="utf-8")
    (static / LIGHT_THEME_CSS).write_text(
        ICON_RULE.sub(keep_used, css), encoding="utf-8"
    )
    return shown


def _css_glyphs(static):
    """The Font Awesome characters that the stylesheets draw themselves."""
    found = set()
    for sheet in static.rglob("*.css"):
        css = ICON_RULE.sub("", sheet.read_text(encoding="utf-8"))
        found |= {ord(_css_string(c)) for c in PRIVATE_USE.findall(css)}
    return found


def _write_icon_font(static, codes):
    """The solid Font Awesome glyphs of ``codes`` as WOFF (zlib: no brotli
    needed), and the ``@font-face`` that puts it before the theme's font."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    font = subset.load_font(static / THEME_FONT, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    kept = sorted(set(font.getBestCmap()) & codes)
    subset.save_font(font, static / ICON_FONT, options)
    ranges = ", ".join(f"U+{code:X}" for code in kept)
    (static / ICON_CSS).write_text(
        "/* Font Awesome's solid icons that the book shows, cut from the\n"
        "   theme's font by tools/sphinx_light.py; the theme's full font\n"
        "   still serves any other. */\n"
        "@font-face {\n"
        '  font-family: "Font Awesome 6 Free";\n'
        "  font-style: normal;\n"
        "  font-weight: 900;\n"
        "  font-display: block;\n"
        f'  src: url("{ICON_FONT}") format("woff");\n'
        f"  unicode-range: {ranges};\n"
        "}\n",
        encoding="utf-8",
    )


def _lighten_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    texts = _rewrite_pages(outdir, Path(app.builder.get_outfilename("search")))
    shown = _write_slim_theme_css(static, _icon_names(static, texts))
    _write_icon_font(static, shown | _css_glyphs(static))


def setup(app):
    app.connect("config-inited", _use_mathjax_components)
    app.connect("html-page-context", _drop_unused_assets, priority=900)
    app.connect("build-finished", _lighten_pages)
    app.add_css_file(ICON_CSS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
