"""Sphinx extension: offer the reader notebooks on every page.

``make book`` builds the notebook bundle (``python -m tools.bundle``) into
``_build/bundle/site/``: one zip with the solutions (for self-study and for
teachers) and one student zip with an empty answer cell in place of each
solution.  ``html_extra_path`` copies both to the root of the HTML; this
extension adds them to each page's download menu, next to the page's own
``.ipynb``, and, when ``make pdf`` and ``make handout`` have made them, the
edition's own PDF and exercises handout in place of the theme's ``.pdf``
(the browser's print of one page).  That single-chapter download is the reader notebook too: the
chapter in plain Markdown with its numbers written in (``tools/reader.py``),
not the MyST source, which plain Jupyter shows as markup.
"""

import shutil
import sys
from pathlib import Path

import nbformat

# Jupyter Book puts tools/ on the path for local extensions; the book's own
# modules are imported as tools.<name>, from the repository's root.
ROOT = Path(__file__).resolve().parent.parent

BUTTONS = (
    # (zip name ends with, text, tooltip)
    (
        "-student.zip",
        "student notebooks (.zip)",
        "Every chapter with an empty cell for each answer, lossbook and its requirements",
    ),
    (
        "-notebooks.zip",
        "all notebooks (.zip)",
        "Every chapter with its solutions, lossbook and its requirements",
    ),
)


def _bundles(app):
    """The zips that html_extra_path copies into the HTML, by name."""
    found = []
    for folder in app.config.html_extra_path:
        found += [p.name for p in (Path(app.confdir) / folder).glob("*.zip")]
    return found


def _add_bundle_buttons(app, pagename, templatename, context, doctree):
    names = _bundles(app)
    for group in context.get("header_buttons", []) if names else []:
        if group.get("label") != "download-buttons":
            continue
        for suffix, text, tooltip in BUTTONS:
            name = next((n for n in names if n.endswith(suffix)), None)
            if name is None:
                continue
            group["buttons"].insert(
                1,
                {
                    "type": "link",
                    "url": context["pathto"](name, 1),
                    "text": text,
                    "icon": "fas fa-file-zipper",
                    "tooltip": tooltip,
                    "label": "download-student-button"
                    if "student" in suffix
                    else "download-bundle-button",
                },
            )


# The edition's PDF and exercises handout (make pdf, make handout), by the
# language of the build: offered in the download menu when they were built.
PRINTED = {
    "en": {
        "log-loss-book.pdf": "log-loss-book.pdf",
        "handout/exercises.pdf": "log-loss-book-exercises.pdf",
    },
    "zh_CN": {
        "log-loss-book-zh.pdf": "log-loss-book-zh.pdf",
        "handout-zh/exercises.pdf": "log-loss-book-exercises-zh.pdf",
    },
}
PRINTED_WORDS = {
    "log-loss-book": ("book (.pdf)", "The whole book as one PDF"),
    "exercises": ("exercises (.pdf)", "Every exercise without solutions"),
}


def _printed(app):
    """{source under _build: name in the HTML} of this edition's PDFs."""
    language = app.config.language if app.config.language in PRINTED else "en"
    build = ROOT / "_build"
    return {
        build / source: name
        for source, name in PRINTED[language].items()
        if (build / source).is_file()
    }


def _add_printed_buttons(app, pagename, templatename, context, doctree):
    printed = _printed(app)
    for group in context.get("header_buttons", []) if printed else []:
        if group.get("label") != "download-buttons":
            continue
        # the theme's ".pdf" prints the page from the browser: the book's
        # own PDF replaces it
        group["buttons"] = [
            b
            for b in group["buttons"]
            if b.get("label") != "download-pdf-button"
        ]
        for name in printed.values():
            text, tooltip = PRINTED_WORDS[
                "exercises" if "exercises" in name else "log-loss-book"
            ]
            group["buttons"].append(
                {
                    "type": "link",
                    "url": context["pathto"](f"_downloads/{name}", 1),
                    "text": text,
                    "icon": "fas fa-file-pdf",
                    "tooltip": tooltip,
                    "label": f"download-{name[:-4]}-button",
                }
            )


def _copy_printed(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_downloads"
    for source, name in _printed(app).items():
        target.mkdir(exist_ok=True)
        shutil.copy(source, target / name)


def _reader_sources(app, exception):
    """Replace each chapter's downloadable ``.ipynb`` by its reader
    notebook (the edition with solutions)."""
    if exception is not None or app.builder.format != "html":
        return
    from tools.reader import reader_notebook
    from tools.toc import toc_notebooks

    for chapter in toc_notebooks():
        relative = chapter.relative_to(ROOT)
        target = Path(app.outdir) / "_sources" / relative
        if target.exists():
            notebook = reader_notebook(chapter, "teacher")
            target.write_text(
                nbformat.writes(notebook) + "\n", encoding="utf-8"
            )


def setup(app):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # after sphinx-book-theme builds the menu (priority 501)
    app.connect("html-page-context", _add_bundle_buttons, priority=502)
    app.connect("html-page-context", _add_printed_buttons, priority=503)
    app.connect("build-finished", _reader_sources)
    app.connect("build-finished", _copy_printed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
