"""Sphinx extension: the pages' menu and Contents buttons work on every
screen (``static/lossbook-navigation.js`` says what is repaired).

A fix here rather than a pin: sphinx-book-theme 1.3.0 requires
pydata-sphinx-theme 0.17.1 exactly, and 0.16.x binds only the first
``.primary-toggle`` too, so another theme version would mean going back to
an older sphinx-book-theme.
"""

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def _add_static_path(app, config):
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app):
    app.connect("config-inited", _add_static_path)
    app.add_js_file("lossbook-navigation.js")
    app.add_css_file("lossbook-navigation.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
