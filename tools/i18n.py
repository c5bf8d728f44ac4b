"""The book's editions in other languages: Sphinx's gettext machinery.

The English pages are the source.  ``sphinx-build -b gettext`` extracts
every message of every page (a paragraph, a heading, a list item, a caption,
with its roles and math) into ``_build/gettext/<page>.pot``; each edition
keeps its translations in ``locales/<language>/LC_MESSAGES/<page>.po``; a
build with ``language`` set replaces each message by its translation.  The
code cells, their printed outputs and figures are not messages: every edition
shows the same executed notebooks, and pastes the same glued numbers.

    python -m tools.i18n update     # extract, then merge into the catalogs
    python -m tools.i18n build zh_CN  # the edition's HTML: _build/html/zh/
    python -m tools.i18n stats      # translated / untranslated / fuzzy

``update`` marks a message whose English changed as *fuzzy* (babel's
matching keeps the old translation as a starting point); the checks
(``tests/test_i18n.py``) fail on a fuzzy or untranslated message until it is
translated again.

One step is done here rather than by hand in every message: a glued value
in a translated message must name its notebook (``{glue:text}`log-loss.ipynb
::ll_undecided:.3f```), because Sphinx parses a translation as a document of
its own, which holds no glued data.  Catalogs keep the short form the English
uses; :func:`build_catalogs` writes the long form into the copy the build
reads (``_build/locales``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
TEMPLATES = ROOT / "_build" / "gettext"
BUILT_LOCALES = ROOT / "_build" / "locales"

EDITIONS = {"zh_CN": "zh"}
"""Each edition's language and the folder of ``_build/html`` it is built in."""

ENGLISH_ONLY = frozenset({"book/api"})
"""Pages every edition shows in English (the API reference: docstrings)."""

INTERFACE = "sphinx"
"""The catalog of the words around the pages: the themes' and the book's
extensions' (``sphinx.po``, in Sphinx's own message domain, which Sphinx
reads before its built-in catalog) and the configuration's."""

ISLANDS = "book/islands"
"""The catalog of the interactive figures' words (``book/islands/*.html``,
their units as :func:`tools.islands.messages` finds them), which an
edition's build puts into the figures (``tools/sphinx_islands.py``)."""

THEME_WORDS = (
    # pydata-sphinx-theme 0.17.1's and Sphinx 7.4's templates, which their
    # own zh_CN catalogs lack
    "Color mode",
    "System Settings",
    "Link to this heading",
    "© Copyright %(copyright)s.",
    # sphinx-book-theme 1.3.0 writes these without gettext: its components
    # are overridden with _() in tools/templates/, and Jupyter
    # Book's search placeholder (a theme option) is translated by
    # tools/sphinx_i18n.py.  Its layout's aria-label "Page" stays English.
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Main",
    "Search this book...",
)
CONFIG_WORDS = {
    # configuration values an edition sets to their translation
    "nb_code_prompt_show": "Show code cell {type}",
    "nb_code_prompt_hide": "Hide code cell {type}",
    "togglebutton_hint": "Click to show",
    "togglebutton_hint_hide": "Click to hide",
}

GLUE = re.compile(r"(\{glue(?::\w+)?\}`)(?![^`]*::)([^`]*`)")
# A role, or an inline code span (read left to right, so that a role's
# backticks are not taken for code, nor "{x}`" inside code for a role).
ROLE = re.compile(
    r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`|(?P<code>``.+?``|`[^`\n]+`)"
)
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]+\$", re.S)
CODE = re.compile(r"``.+?``|`[^`]+`")
LINK = re.compile(r"\]\((?P<url>[^)]+)\)")
HTML = re.compile(r"<[^>]+>")
LANG_SPAN = re.compile(r'<span lang="[\w-]+">([^<]*)</span>')
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
CJK = "\u3400-\u9fff\uf900-\ufaff"
TIGHT = re.compile(rf"[{CJK}][A-Za-z0-9]|[A-Za-z0-9][{CJK}]")
# An exercise's mark (tools/grading.py): its words come from the
# terminology file, so the catalogs are filled in by `update`.
MARK = re.compile(r"\*(?P<kind>[A-Z][a-z]+) · (?P<level>[a-z]+)\*")
ASCII_PUNCT = re.compile(rf"[{CJK}][,.;:?!()]")


def catalog_path(language: str, page: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{page}.po"


def pages() -> list[str]:
    """The pages with messages to translate (``book/log-loss``)."""
    found = sorted(
        str(p.relative_to(TEMPLATES).with_suffix(""))
        for p in TEMPLATES.rglob("*.pot")
    )
    return [
        p for p in found if p.startswith("book/") and p not in ENGLISH_ONLY
    ] + [INTERFACE]


def book_config() -> dict:
    """The book's ``_config.yml``."""
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def config_words() -> dict[str, str]:
    """The configuration values an edition translates, by name: English."""
    return {**CONFIG_WORDS, "copyright": book_config()["copyright"]}


def interface_words() -> list[str]:
    """The English of the interface catalog: the themes' words, the
    extensions' (the download menu) and the configuration's."""
    from tools.sphinx_bundle import WORDS

    words = [*THEME_WORDS, *WORDS, *config_words().values()]
    return list(dict.fromkeys(words))


def translated(language: str, words: list[str]) -> dict[str, str]:
    """``words`` that the edition's interface catalog translates."""
    path = catalog_path(language, INTERFACE)
    if not path.exists():
        return {}
    found = {m.id: m.string for m in read(path) if m.id and m.string}
    return {w: found[w] for w in words if w in found}


def sphinx(builder: str, out: Path, language: str | None = None, **config):
    """Build the book with Jupyter Book's configuration (``_config.yml``,
    ``_toc.yml``), as ``jupyter-book build`` does, with ``config`` on top."""
    from jupyter_book.sphinx import build_sphinx

    overrides = {
        "external_toc_path": str(ROOT / "_toc.yml"),
        "latex_individualpages": False,
        "gettext_compact": False,
        "gettext_uuid": False,
        "gettext_location": False,
        **config,
    }
    tags = []
    if language:
        overrides |= {
            "language": language,
            "locale_dirs": [str(BUILT_LOCALES)],
            "html_title": title(language),
            "project": title(language),
        }
        # a page may hold a block for one edition only: {only} edition_zh_CN
        tags.append(f"edition_{language}")
        words = config_words()
        found = translated(language, list(words.values()))
        overrides |= {
            key: found[english]
            for key, english in words.items()
            if english in found
        }
    if builder == "gettext":
        # myst-nb shows no output to the gettext builder: give it the HTML
        # builder's choice, so that figures' alt texts are messages too.
        from myst_nb.core.render import base_render_priority

        overrides["nb_mime_priority_overrides"] = [
            ("gettext", mime, rank)
            for mime, rank in base_render_priority()["html"].items()
        ]
    doctrees = ROOT / "_build" / f".doctrees-{language or builder}"
    strict = builder != "gettext"
    return build_sphinx(
        ROOT,
        out,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides=overrides,
        builder=builder,
        doctreedir=doctrees,
        warningiserror=strict,
        keep_going=strict,
        quiet=True,
        tags=tags,
    )


def catalogs(language: str) -> list[str]:
    """The pages the edition has catalogs for (``book/log-loss``)."""
    base = LOCALES / language / "LC_MESSAGES"
    return sorted(
        str(p.relative_to(base).with_suffix("")) for p in base.rglob("*.po")
    )


def title(language: str) -> str:
    """The book's title in ``language``: the translation of the landing
    page's heading."""
    config = book_config()
    path = catalog_path(language, "book/intro")
    found = (
        {m.id: m.string for m in read(path) if m.id} if path.exists() else {}
    )
    return found.get(config["title"]) or config["title"]


def extract() -> None:
    """Every message of the English pages into ``_build/gettext``, the
    interface's words into ``sphinx.pot`` and the islands' into
    ``book/islands.pot`` (one message per distinct unit, in file order)."""
    shutil.rmtree(TEMPLATES, ignore_errors=True)
    if sphinx("gettext", TEMPLATES) != 0:
        raise SystemExit("gettext extraction failed")
    template = Catalog(project="log-loss-book")
    for word in interface_words():
        template.add(word)
    write(template, TEMPLATES / f"{INTERFACE}.pot")
    write(island_template(), TEMPLATES / f"{ISLANDS}.pot")


def island_template() -> Catalog:
    """The messages of every island (``book/islands/*.html``)."""
    from tools.islands import messages

    template = Catalog(project="log-loss-book")
    for path in sorted((ROOT / ISLANDS).glob("*.html")):
        for message in messages(path.read_text(encoding="utf-8")):
            if message not in template:
                template.add(message)
    return template


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def po_bytes(catalog: Catalog) -> bytes:
    """A catalog as the project writes ``.po`` files (no wrapping, no
    obsolete messages, previous ids of fuzzy ones kept)."""
    import io

    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=0,
        omit_header=False,
        ignore_obsolete=True,
        include_previous=True,
        sort_output=False,
    )
    return buffer.getvalue()


def write(catalog: Catalog, path: Path) -> None:
    """Write a catalog, unless only its header's creation date would change
    (an update that changes no message leaves the files alone)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = po_bytes(catalog)
    dated = re.compile(rb'^"POT-Creation-Date: .*\n', re.M)
    if path.exists() and dated.sub(b"", path.read_bytes()) == dated.sub(
        b"", new
    ):
        return
    path.write_bytes(new)


TOKEN = re.compile(
    r"\$\$.*?\$\$|\$[^$]+\$|\{[\w:-]+\}`[^`]*`|`[^`]+`|\w+|\s+|.", re.S
)


def carry_over(previous: str, current: str, translation: str) -> str | None:
    r"""The translation of ``current``, when the English changed from
    ``previous`` only by typed numbers becoming glue roles (the numbers
    guard's fix): each changed stretch is changed alike in the translation.
    None when the change is anything else (a person must translate it).

    >>> carry_over("costs $-\\log 0.8$ here", "costs $-\\log$ {glue:text}`p:.1f` here",
    ...            "代价为 $-\\log 0.8$。")
    '代价为 $-\\log$ {glue:text}`p:.1f`。'
    >>> carry_over("costs 0.8 here", "costs a lot here", "代价为 0.8。") is None
    True
    """
    import difflib

    old, new = TOKEN.findall(previous), TOKEN.findall(current)
    result = translation
    changes = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            continue
        before, after = "".join(old[i1:i2]), "".join(new[j1:j2])
        if (
            tag != "replace"
            or not re.search(r"\d", before)
            or "{glue" not in after
            or re.sub(r"\{glue[^`]*`[^`]*`|[\s$]|\\\w+", "", after)
            != re.sub(r"[\d.,]|[\s$]|\\\w+", "", before)
            or result.count(before) != 1
        ):
            return None
        result = result.replace(before, after)
        changes += 1
    return result if changes else None


def update(language: str) -> None:
    """Merge the extracted messages into the edition's catalogs: new
    messages arrive untranslated, changed ones fuzzy, removed ones go."""
    extract()
    for page in pages():
        template = read(TEMPLATES / f"{page}.pot")
        target = catalog_path(language, page)
        if target.exists():
            catalog = read(target)
            catalog.update(template, update_header_comment=False)
        else:
            catalog = Catalog(locale=language, project="log-loss-book")
            catalog.update(template)
        marks = terminology(language).get("marks", {})
        catalog.project = "log-loss-book"
        catalog.version = ""
        for message in catalog:
            if (
                message.id
                and not message.string
                and not needs_words(message.id)
            ):
                message.string = message.id
            if message.fuzzy and message.previous_id and message.string:
                carried = carry_over(
                    message.previous_id[0], message.id, message.string
                )
                if carried is not None:
                    message.string = carried
                    message.flags.discard("fuzzy")
                    message.previous_id = []
            mark = MARK.fullmatch(message.id or "")
            if mark and (not message.string or message.fuzzy):
                kind, level = marks[mark["kind"]], marks[mark["level"]]
                message.string = f"*{kind} · {level}*"
                message.flags.discard("fuzzy")
        write(catalog, target)
        print(f"{target.relative_to(ROOT)}: {describe(catalog)}")


def describe(catalog: Catalog) -> str:
    messages = [m for m in catalog if m.id]
    fuzzy = sum(m.fuzzy for m in messages)
    empty = sum(not m.string for m in messages)
    return f"{len(messages)} messages, {empty} untranslated, {fuzzy} fuzzy"


def long_glue(text: str, page: str) -> str:
    """Glue roles of ``page`` in the form a translation needs.

    >>> long_glue("costs {glue:text}`ll_a:.3f` nats", "book/log-loss")
    'costs {glue:text}`log-loss.ipynb::ll_a:.3f` nats'
    >>> long_glue("{glue:sci}`x.ipynb::t:.1e`", "book/log-loss")
    '{glue:sci}`x.ipynb::t:.1e`'
    >>> long_glue("{glue:text}`n`", "book/numerics")  # no format: keep a colon
    '{glue:text}`numerics.ipynb::n:`'
    """
    notebook = Path(page).name + ".ipynb"

    def document_form(m: re.Match) -> str:
        content = m[2][:-1]  # without the closing backtick
        # myst-nb splits the format off at the last colon: keep one
        spec = "" if ":" in content else ":"
        return f"{m[1]}{notebook}::{content}{spec}`"

    return GLUE.sub(document_form, text)


def terminology(language: str) -> dict:
    path = LOCALES / language / "terminology.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _roles(text: str) -> Counter:
    """The roles of a message other than {term}: a glued value as written, a
    reference by its target (its words may be translated).

    >>> sorted(_roles("{ref}`information theory <chapter-x>` {glue:text}`a:.3f`"))
    ['{glue:text}a:.3f', '{ref}chapter-x']
    """
    found: Counter = Counter()
    for m in ROLE.finditer(text):
        if m["role"] in (None, "term"):
            continue
        content = m["content"]
        if not m["role"].startswith("glue") and content.endswith(">"):
            content = content.rpartition("<")[2][:-1]
        found[f"{{{m['role']}}}{content}"] += 1
    return found


def _terms(text: str) -> list[tuple[str, str]]:
    """(words, target) of each {term} role."""
    found = []
    for m in ROLE.finditer(text):
        if m["role"] == "term":
            words, _, target = m["content"].partition(" <")
            found.append((words, target.rstrip(">") if target else words))
    return found


def _prose(text: str, glue: str = "0", ref: str = "※") -> str:
    """A message with its markup reduced to what a reader sees next to the
    words: a glued number as ``glue``, a reference as ``ref``, a term by its
    words, math and code as a Latin letter."""

    def role(m: re.Match) -> str:
        if m["code"]:
            return "x"
        if m["role"].startswith("glue"):
            return glue
        if m["role"] == "term":
            return m["content"].partition(" <")[0]
        return ref

    text = ROLE.sub(role, text)
    text = MATH.sub("x", text)
    text = CODE.sub("x", text)
    text = LINK.sub("]", text)
    return HTML.sub("", text)


def _tags(text: str) -> Counter:
    """The HTML tags of a message, outside roles, math and code (where a
    reference's ``<target>`` is no tag).  A span that only marks its words'
    language is the translation's own (the glossary's Chinese column,
    ``<span lang="zh">``, is English in the Chinese edition).

    >>> sorted(_tags('<i>a</i> {ref}`x <chapter-x>` $a<b$ <b data-out="a"></b>'))
    ['</b>', '</i>', '<b data-out="a">', '<i>']
    >>> _tags('英文：<span lang="en">kink</span>')
    Counter()
    """
    bare = CODE.sub(" ", MATH.sub(" ", ROLE.sub(" ", text)))
    return Counter(HTML.findall(LANG_SPAN.sub(r"\1", bare)))


def _numbers(text: str) -> Counter:
    bare = ROLE.sub(" ", text)
    bare = CODE.sub(" ", MATH.sub(" ", LINK.sub(" ", HTML.sub(" ", bare))))
    return Counter(NUMBER.findall(bare))


def needs_words(message_id: str) -> bool:
    """Whether a message has words to translate (not only math, code,
    references and glued numbers).

    >>> needs_words("$a = f(z)$"), needs_words("{ref}`chapter-log-loss`")
    (False, False)
    >>> needs_words("the label of a sample")
    True
    """
    return re.search(r"[A-Za-z]{2,}", _prose(message_id, ref="")) is not None


def message_problems(source: str, translation: str, terms: dict) -> list[str]:
    """What a translation changed that it must keep, or breaks of the
    edition's conventions.

    >>> terms = {"terms": {"log loss": {"zh": "对数损失"}}, "required": []}
    >>> message_problems("costs {glue:text}`a:.3f` nats", "花费 {glue:text}`a:.3f` 奈特", terms)
    []
    >>> for problem in message_problems(
    ...     "costs {glue:text}`a:.3f`", "花费0.693", terms
    ... ):
    ...     print(problem)
    glue roles, references or citations differ
    number 0.693 is not in the English
    no space between Chinese and Latin or digits: 费0
    """
    found = []
    if _roles(source) != _roles(translation):
        found.append("glue roles, references or citations differ")
    if Counter(MATH.findall(source)) != Counter(MATH.findall(translation)):
        found.append("math differs")
    if Counter(
        m["code"] for m in ROLE.finditer(source) if m["code"]
    ) != Counter(m["code"] for m in ROLE.finditer(translation) if m["code"]):
        found.append("inline code differs")
    if Counter(LINK.findall(source)) != Counter(LINK.findall(translation)):
        found.append("link targets differ")
    if _tags(source) != _tags(translation):
        found.append("HTML tags differ")
    extra = _numbers(translation) - _numbers(source)
    found += [f"number {n} is not in the English" for n in extra]
    table = terms["terms"]
    source_terms = _terms(source)
    if sorted(t.lower() for _, t in source_terms) != sorted(
        t.lower() for _, t in _terms(translation)
    ):
        found.append("{term} targets differ")
    for words, target in _terms(translation):
        entry = next(
            (v for k, v in table.items() if k.lower() == target.lower()), None
        )
        if entry is None:
            continue
        allowed = [entry["zh"], *entry.get("also", [])]
        if not any(a.lower() in words.lower() for a in allowed):
            found.append(f"{{term}} {target!r} should say {entry['zh']}")
    english = _prose(source).lower()
    chinese = _prose(translation)
    for term in terms.get("required", []):
        if re.search(rf"\b{re.escape(term)}\b", english):
            entry = table[term]
            allowed = [entry["zh"], *entry.get("also", [])]
            if not any(a in chinese for a in allowed):
                found.append(f"{term!r} should be translated {entry['zh']}")
    shown = _prose(translation, glue="0", ref="※")
    for m in TIGHT.finditer(shown):
        found.append(f"no space between Chinese and Latin or digits: {m[0]}")
    for m in ASCII_PUNCT.finditer(shown):
        found.append(f"ASCII punctuation after Chinese: {m[0]}")
    return found


def problems(language: str, page: str) -> list[str]:
    """Every problem of one page's catalog, as ``page: message: problem``."""
    path = catalog_path(language, page)
    if not path.exists():
        return [f"{page}: no catalog"]
    terms = terminology(language)
    found = []
    for message in read(path):
        if not message.id:
            continue
        head = f"{page}: {message.id[:60]!r}"
        if not message.string:
            found.append(f"{head}: untranslated")
            continue
        if message.fuzzy:
            found.append(f"{head}: fuzzy (the English changed)")
        found += [
            f"{head}: {p}"
            for p in message_problems(message.id, message.string, terms)
        ]
    return found


def inconsistent(language: str) -> list[str]:
    """Messages that read the same in English on several pages (a heading
    such as "Key takeaways") but are translated differently."""
    seen: dict[str, dict[str, list[str]]] = {}
    for page in catalogs(language):
        if page == "book/glossary":  # its terms carry their English
            continue
        for message in read(catalog_path(language, page)):
            if message.id and message.string and not message.fuzzy:
                seen.setdefault(message.id, {}).setdefault(
                    message.string, []
                ).append(page)
    return [
        f"{message_id[:60]!r} is translated {len(forms)} ways: "
        + "; ".join(
            f"{t!r} ({', '.join(pages)})" for t, pages in forms.items()
        )
        for message_id, forms in seen.items()
        if len(forms) > 1
    ]


def build_catalogs(language: str) -> Path:
    """The catalogs as the build reads them (``_build/locales``)."""
    out = BUILT_LOCALES / language / "LC_MESSAGES"
    shutil.rmtree(out, ignore_errors=True)
    for source in sorted((LOCALES / language / "LC_MESSAGES").rglob("*.po")):
        page = str(
            source.relative_to(LOCALES / language / "LC_MESSAGES").with_suffix(
                ""
            )
        )
        catalog = read(source)
        for message in catalog:
            if message.id and message.string:
                message.string = long_glue(message.string, page)
        write(catalog, out / f"{page}.po")
    return BUILT_LOCALES


def build(language: str) -> int:
    """The edition's HTML, built in ``_build/editions/<folder>/html`` (its
    own doctrees and notebook images, which a rebuild of the English book
    does not touch) and copied to ``_build/html/<folder>``."""
    build_catalogs(language)
    folder = EDITIONS[language]
    out = ROOT / "_build" / "editions" / folder / "html"
    code = sphinx("html", out, language=language, nitpicky=True)
    if code == 0:
        target = ROOT / "_build" / "html" / folder
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(out, target)
    return code


def pdf(language: str) -> Path:
    """The edition as one PDF (Sphinx's LaTeX builder, then xelatex through
    the Makefile Sphinx writes): ``_build/log-loss-book-<folder>.pdf``."""
    import subprocess

    build_catalogs(language)
    out = ROOT / "_build" / f"latex-{EDITIONS[language]}"
    if sphinx("latex", out, language=language) != 0:
        raise SystemExit(f"the {language} LaTeX build failed")
    subprocess.run(["make", "all-pdf"], cwd=out, check=True)
    target = ROOT / "_build" / f"log-loss-book-{EDITIONS[language]}.pdf"
    shutil.copy(out / "log-loss-book.pdf", target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "command", choices=["update", "build", "pdf", "stats", "check"]
    )
    parser.add_argument("language", nargs="?", default="zh_CN")
    parser.add_argument("--page", action="append", help="book/<name>")
    args = parser.parse_args(argv)
    if args.command == "check":
        # pages() reads the extracted templates; the catalogs list themselves
        found = [
            line
            for page in args.page or catalogs(args.language)
            for line in problems(args.language, page)
        ]
        if not args.page:
            found += inconsistent(args.language)
        print("\n".join(found) or "no problems")
        return 1 if found else 0
    if args.command == "update":
        update(args.language)
    elif args.command == "build":
        return build(args.language)
    elif args.command == "pdf":
        print(f"wrote {pdf(args.language)}")
    else:
        for source in sorted((LOCALES / args.language).rglob("*.po")):
            print(f"{source.relative_to(ROOT)}: {describe(read(source))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
