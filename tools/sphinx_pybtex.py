"""Sphinx extension: sphinxcontrib-bibtex's plugins found once per build.

sphinxcontrib-bibtex 2.7 asks pybtex 0.26 for its formatting style and its
plain-text backend once for every citation it resolves, and pybtex looks
each one up in the installed packages' entry points every time (about
17 ms a call here: 4 s of the book's build).  pybtex checks the plugins
registered at run time first, so each plugin the bibliography uses is
registered once, as itself (``pybtex.plugin.register_plugin``): the same
classes, looked up in a dictionary.
"""

import pybtex.plugin


def _register_once(app):
    for group, name in [
        ("pybtex.backends", "plaintext"),
        ("pybtex.style.formatting", app.config.bibtex_default_style),
    ]:
        plugin = pybtex.plugin.find_plugin(group, name)
        pybtex.plugin.register_plugin(group, name, plugin, force=True)


def setup(app):
    app.connect("builder-inited", _register_once)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
