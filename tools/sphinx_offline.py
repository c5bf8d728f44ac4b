"""Sphinx extension: keep the offline book free of live-code (thebe) scripts,
and read ``nitpick_ignore`` from ``_config.yml`` as Sphinx expects it.

Jupyter Book always loads sphinx-thebe, which adds its configuration script
twice (a console error in every page) and points at a CDN. This book has no
live-code buttons, so both scripts are dropped from every page.
"""


def _is_thebe(script):
    body = getattr(script, "attributes", {}).get("body", "")
    name = getattr(script, "filename", script)  # Sphinx 7.4: _JavaScript
    return str(name).endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body


def _drop_thebe(app, pagename, templatename, context, doctree):
    if "script_files" in context:
        context["script_files"] = [
            s for s in context["script_files"] if not _is_thebe(s)
        ]


def _nitpick_pairs_as_tuples(app, config):
    """_config.yml can only write lists; Sphinx compares (type, target) tuples."""
    config.nitpick_ignore = [tuple(pair) for pair in config.nitpick_ignore]


def setup(app):
    app.connect("config-inited", _nitpick_pairs_as_tuples)
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
