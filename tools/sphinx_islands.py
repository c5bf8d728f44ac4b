"""Sphinx extension: the book's interactive figures ("islands").

An island is a small HTML figure in ``book/islands/``, pasted into a chapter
with ``{raw} html`` and ``:file:``; it is a ``<figure data-island>`` with
native range inputs, an SVG plot and an ``aria-live`` read-out.
``static/lossbook-islands.js`` computes every curve and number in the page
with ``lossbook``'s formulas, and ``static/lossbook-islands.css`` styles them
with the theme's colours and hides them in print, where the chapter's static
figure stands (the LaTeX builder drops raw HTML anyway).  Both files are
added only to the pages that hold an island.

In an edition in another language (``language`` set, not English) the
island's words are translated when a page is read (``doctree-read``): each
unit of :func:`tools.islands.messages` (caption, labels, read-out, keys,
``aria-label``) is replaced by its translation in the islands' catalog
(``book/islands.po``).  The catalog is read where the build reads every
other catalog, from the configuration's ``locale_dirs`` (``tools.i18n
build`` points them at ``_build/locales``, the copy
:func:`tools.i18n.build_catalogs` writes), so that the islands and the pages
of one build come from the same catalogs; as Sphinx does, a fuzzy
translation is not used.  The page depends on the catalog: an edited
translation rebuilds the pages that show it.  The English files stay the
only source of an island.
"""

from pathlib import Path

from docutils import nodes

from tools.i18n import ISLANDS, read
from tools.islands import translate

MARKER = "data-island="


def _add_assets(app, pagename, templatename, context, doctree):
    """Give a page holding an island the islands' script and style."""
    if MARKER in context.get("body", ""):
        app.add_css_file("lossbook-islands.css")
        app.add_js_file("lossbook-islands.js", defer="defer")


def catalog(app) -> Path | None:
    """The islands' catalog of the edition being built, if it has one."""
    language = app.config.language
    if not language or language.startswith("en"):
        return None
    for folder in app.config.locale_dirs:
        path = (
            Path(app.srcdir, folder)
            / language
            / "LC_MESSAGES"
            / f"{ISLANDS}.po"
        )
        if path.exists():
            return path
    return None


_translations: dict[tuple[Path, float], dict[str, str]] = {}


def translations(path: Path) -> dict[str, str]:
    """The catalog's translated, not fuzzy, messages (read once)."""
    key = (path, path.stat().st_mtime)
    if key not in _translations:
        _translations[key] = {
            m.id: m.string
            for m in read(path)
            if m.id and m.string and not m.fuzzy
        }
    return _translations[key]


def _translate_islands(app, doctree):
    """Put the edition's words into the islands of the page being read."""
    path = catalog(app)
    if path is None:
        return
    found = False
    for node in doctree.findall(nodes.raw):
        if (
            "html" in node.get("format", "").split()
            and MARKER in node.astext()
        ):
            node[0] = nodes.Text(translate(node.astext(), translations(path)))
            found = True
    if found:
        app.env.note_dependency(str(path))


def setup(app):
    app.connect("doctree-read", _translate_islands)
    app.connect("html-page-context", _add_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
