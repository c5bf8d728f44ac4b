"""Sphinx extension for the book's editions in other languages
(``tools/i18n.py`` builds them).

Each page links to the same page of the other edition (the English book at
the root of ``_build/html``, the Chinese one in ``zh/``).

The theme's words.  Words the themes write without gettext are translated
here or in ``tools/templates/`` (sphinx-book-theme's sidebar
toggles and navigation label, with ``_()`` added); the interface catalog
(``locales/<language>/LC_MESSAGES/sphinx.po``) holds their translations.

Search in Chinese.  Sphinx indexes Chinese words only through jieba, which
has no wheel; without it a Chinese page's words are not in the search index
at all.  :class:`BookSearchChinese` cuts Chinese text into the edition's
terms (``locales/zh_CN/terminology.yml``: 对数损失, 交叉熵 …), longest
first, and the rest into overlapping pairs of characters, as full-text
engines index Chinese; a query for a term or any two-character word finds
its pages.

Sphinx parses each translated message as a small document of its own and
moves its nodes into the page; each node keeps a reference to that small
document, whose settings hold the whole build environment.  Pickled with
the page, every translated page weighed 3.5 MB instead of kilobytes, and
reading them back for cross-references and the search data made the Chinese
build three times slower than the English one.  After reading, every node
is pointed back at its page.
"""

import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.search.zh import SearchChinese

TERMINOLOGY = (
    Path(__file__).resolve().parent.parent
    / "locales"
    / "zh_CN"
    / "terminology.yml"
)
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def _adopt_translated_nodes(app, doctree):
    for node in doctree.findall(nodes.Node):
        if getattr(node, "_document", None) not in (None, doctree):
            node.document = doctree


def vocabulary() -> list[str]:
    """The edition's terms with Chinese characters, longest first."""
    terms = yaml.safe_load(TERMINOLOGY.read_text(encoding="utf-8"))["terms"]
    words = {
        w
        for entry in terms.values()
        for w in [entry["zh"], *entry.get("also", [])]
        if HAN.search(w)
    }
    return sorted(words, key=len, reverse=True)


def segment(text: str, words: list[str]) -> list[str]:
    """The search words of a run of Chinese text.

    >>> segment("最小化对数损失", ["对数损失", "损失"])
    ['最小', '小化', '对数损失']
    """
    found: list[str] = []
    rest = ""
    i = 0
    while i < len(text):
        word = next((w for w in words if text.startswith(w, i)), None)
        if word is None:
            rest += text[i]
            i += 1
            continue
        found += _pairs(rest)
        rest = ""
        found.append(word)
        i += len(word)
    return found + _pairs(rest)


def _pairs(run: str) -> list[str]:
    return [run[k : k + 2] for k in range(len(run) - 1)]


class BookSearchChinese(SearchChinese):
    """Sphinx's Chinese search, with the book's own word cutting."""

    def init(self, options):
        super().init(options)
        self.words = vocabulary()

    def split(self, input: str) -> list[str]:
        chinese = [
            w for run in HAN.findall(input) for w in segment(run, self.words)
        ]
        latin = [t.strip() for t in self.latin1_letters.findall(input)]
        self.latin_terms.extend(latin)
        return chinese + latin


# language -> (folder of _build/html, the link's words)
EDITIONS = {
    "en": ("", "English"),
    # Sphinx's templates do not escape: the words carry their language, so
    # that a screen reader on an English page reads them as Chinese
    "zh_CN": ("zh", '<span lang="zh-CN">中文</span>'),
}


def _other_edition(app, pagename, templatename, context, doctree):
    here = app.config.language if app.config.language in EDITIONS else "en"
    for language, (folder, words) in EDITIONS.items():
        if language == here:
            continue
        up = "../" if EDITIONS[here][0] else ""  # from zh/ back to the root
        target = f"{up}{folder + '/' if folder else ''}{pagename}.html"
        # no tooltip: the words say where the link goes, and a tooltip left
        # open by the keyboard would cover the page's title
        context.setdefault("header_buttons", []).insert(
            0,
            {
                "type": "link",
                "url": context["pathto"](target, 1),
                "text": words,
                "icon": "fas fa-language",
                "label": f"edition-{language}-button",
            },
        )


def _translate_toc_captions(app, doctree):
    """The captions of the table of contents' parts ("Foundations"), which
    sphinx-external-toc inserts after Sphinx has translated the page, from
    the page's catalog."""
    if app.config.language in (None, "en"):
        return
    from sphinx import addnodes
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    directories = [str(Path(app.srcdir, d)) for d in app.config.locale_dirs]
    catalog, found = init_locale(directories, app.config.language, domain)
    if not found:
        return
    for node in doctree.findall(addnodes.toctree):
        if node.get("caption"):
            node["caption"] = node["rawcaption"] = catalog.gettext(
                node["caption"]
            )


def _translate_theme_options(app, config):
    """The search field's placeholder in the edition's language: Jupyter
    Book sets it as a theme option ("Search this book..."), which no
    template translates.  The interface catalog (``sphinx.po``) holds it;
    an English build keeps it as it is."""
    from sphinx.locale import _

    options = config.html_theme_options
    if options.get("search_bar_text"):
        options["search_bar_text"] = _(options["search_bar_text"])


def setup(app):
    app.connect("config-inited", _translate_theme_options)
    app.add_search_language(BookSearchChinese)
    app.connect("doctree-read", _adopt_translated_nodes)
    app.connect("doctree-read", _translate_toc_captions)
    app.connect("html-page-context", _other_edition, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
