"""Sphinx extension: offer the reader notebooks on every page.

``make book`` builds the notebook bundle (``python -m tools.bundle``) into
``_build/bundle/site/``: one zip with the solutions (for self-study and for
teachers) and one student zip with an empty answer cell in place of each
solution.  ``html_extra_path`` copies both to the root of the HTML; this
extension adds them to each page's download menu, next to the page's own
``.ipynb``, and the edition's own PDF and exercises handout in place of the
theme's ``.pdf`` (the browser's print of one page): the files when ``make
pdf`` and ``make handout`` have made them, else a page that says how to.
The menu speaks the edition's language (``WORDS``, translated in the
interface catalog).  That single-chapter download is the reader notebook
too: the chapter in plain Markdown with its numbers written in
(``tools/reader.py``), not the MyST source, which plain Jupyter shows as
markup.
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
    from sphinx.locale import _

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
                    "text": _(text),
                    "icon": "fas fa-file-zipper",
                    "tooltip": _(tooltip),
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
NOT_BUILT = (
    "Not built with this copy of the book: how to build it",
    "This copy of the book was built without TeX, so it holds no PDF.",
    "To make the whole book as one PDF and the exercises handout, run "
    "<code>make pdf</code> and <code>make handout</code> in the book's "
    "repository: they need XeLaTeX and the fonts that "
    "<code>.ci/install-packages</code> installs on Debian (see the README).",
)
# The menu's words, translated by the edition's interface catalog
# (locales/<language>/LC_MESSAGES/sphinx.po; python -m tools.i18n update)
WORDS = (
    *(w for _, text, tooltip in BUTTONS for w in (text, tooltip)),
    *(w for pair in PRINTED_WORDS.values() for w in pair),
    *NOT_BUILT,
)


def _printed(app):
    """{source under _build: name in the HTML} of this edition's PDFs, built
    or not."""
    language = app.config.language if app.config.language in PRINTED else "en"
    build = ROOT / "_build"
    return {build / source: name for source, name in PRINTED[language].items()}


NOT_BUILT_PAGE = "_downloads/pdf-not-built.html"


def _add_printed_buttons(app, pagename, templatename, context, doctree):
    """The edition's PDF and handout in the download menu, in place of the
    theme's ".pdf" (the browser's print of one page); a file that was not
    built links to a page that says how to build it."""
    from sphinx.locale import _

    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        group["buttons"] = [
            b
            for b in group["buttons"]
            if b.get("label") != "download-pdf-button"
        ]
        for source, name in _printed(app).items():
            text, tooltip = PRINTED_WORDS[
                "exercises" if "exercises" in name else "log-loss-book"
            ]
            built = source.is_file()
            group["buttons"].append(
                {
                    "type": "link",
                    "url": context["pathto"](
                        f"_downloads/{name}" if built else NOT_BUILT_PAGE, 1
                    ),
                    "text": _(text),
                    "icon": "fas fa-file-pdf",
                    "tooltip": _(tooltip if built else NOT_BUILT[0]),
                    "label": f"download-{name[:-4]}-button",
                }
            )


def _not_built_page(app):
    """A page in the edition's language: why there is no PDF, and how to
    build one."""
    from html import escape

    from sphinx.locale import _

    title, *paragraphs = (_(w) for w in NOT_BUILT)
    language = (app.config.language or "en").replace("_", "-")
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)  # their own markup
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, '
        'initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        "<style>body{font:1rem/1.6 system-ui,sans-serif;max-width:40rem;"
        "margin:2rem auto;padding:0 1rem}"
        "@media (prefers-color-scheme:dark){body{background:#121212;"
        "color:#e6e6e6}}</style>\n"
        f"</head>\n<body>\n<main>\n<h1>{escape(title)}</h1>\n{body}"
        "</main>\n</body>\n</html>\n"
    )


def _copy_printed(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_downloads"
    target.mkdir(exist_ok=True)
    for source, name in _printed(app).items():
        if source.is_file():
            shutil.copy(source, target / name)
    (Path(app.outdir) / NOT_BUILT_PAGE).write_text(
        _not_built_page(app), encoding="utf-8"
    )


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
