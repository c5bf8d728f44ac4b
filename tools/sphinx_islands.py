"""Sphinx extension: the book's interactive figures ("islands").

An island is a small HTML figure in ``book/islands/``, pasted into a chapter
with ``{raw} html`` and ``:file:``; it is a ``<figure data-island>`` with
native range inputs, an SVG plot and an ``aria-live`` read-out.
``static/lossbook-islands.js`` computes every curve and number in the page
with ``lossbook``'s formulas, and ``static/lossbook-islands.css`` styles them
with the theme's colours and hides them in print, where the chapter's static
figure stands (the LaTeX builder drops raw HTML anyway).  Both files are
added only to the pages that hold an island.
"""

MARKER = "data-island="


def _add_assets(app, pagename, templatename, context, doctree):
    """Give a page holding an island the islands' script and style."""
    if MARKER in context.get("body", ""):
        app.add_css_file("lossbook-islands.css")
        app.add_js_file("lossbook-islands.js", defer="defer")


def setup(app):
    app.connect("html-page-context", _add_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
