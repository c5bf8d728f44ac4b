"""Sphinx extension: offer the notebook bundle on every page.

``make book`` builds the bundle (``python -m tools.bundle``) into
``_build/bundle/site/``, which ``html_extra_path`` copies to the root of the
HTML.  This adds it to each page's download menu, next to the page's own
``.ipynb``, so a reader who downloads one chapter sees where to get all of
them with lossbook and the exact requirements.
"""

from pathlib import Path


def _bundle_name(app):
    """The zip that html_extra_path copies into the HTML, if there is one."""
    for folder in app.config.html_extra_path:
        found = sorted((Path(app.confdir) / folder).glob("*.zip"))
        if found:
            return found[0].name
    return None


def _add_bundle_button(app, pagename, templatename, context, doctree):
    name = _bundle_name(app)
    for group in context.get("header_buttons", []) if name else []:
        if group.get("label") == "download-buttons":
            group["buttons"].insert(
                1,
                {
                    "type": "link",
                    "url": context["pathto"](name, 1),
                    "text": "all notebooks (.zip)",
                    "icon": "fas fa-file-zipper",
                    "tooltip": "Every chapter, lossbook and its requirements",
                    "label": "download-bundle-button",
                },
            )


def setup(app):
    # after sphinx-book-theme builds the menu (priority 501)
    app.connect("html-page-context", _add_bundle_button, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
