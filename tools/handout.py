"""The exercises-only handout: every exercise of the book, no solution.

    python -m tools.handout          # writes _build/handout/src, builds HTML and PDF

sphinx-exercise can hide solutions (``hide_solutions``), but not in the gated
``solution-start``/``solution-end`` form the chapters use so that solutions
hold executed code cells: it crashes.  So the handout is generated instead:
each chapter's ``{exercise}`` blocks are read from its twin
(``book/src/<name>.md``), numbered as the book numbers them (Exercise 2.3 in
chapter 2; Exercise 3 in an unnumbered appendix), and their MyST roles are
resolved to text: glued numbers formatted as the book shows them, glossary
terms and cross-references by their words, citations as author and year.
The result is one Markdown page built by plain Sphinx (myst-parser) into
``_build/handout/html`` and, with xelatex, ``_build/handout/exercises.pdf``.
"""

import re
import shutil
import subprocess
import sys

import yaml
from myst_nb.core.variables import format_plain_text

from tools.notebooks import glued
from tools.sphinx_glue_sci import typeset
from tools.toc import ROOT, numbered_entries, toc_notebooks, twin

OUT = ROOT / "_build" / "handout"
EXERCISE = re.compile(
    r"^```\{exercise\}(?P<title>[^\n]*)\n(?P<body>.*?)^```$", re.M | re.S
)
TITLE = re.compile(r"^# (.+)$", re.M)
LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=\n+#+ (?P<title>.+)$", re.M)
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")


def citations():
    """``{key: "Author (year)"}`` from the book's BibTeX files."""
    found = {}
    for bib in ROOT.glob("book/*.bib"):
        for entry in re.split(r"\n@", bib.read_text(encoding="utf-8")):
            key = re.match(r"@?\w+\{([^,]+),", entry.strip())
            author = re.search(r"author\s*=\s*\{(.+?)\},?\n", entry, re.S)
            year = re.search(r"year\s*=\s*\{?(\d{4})", entry)
            if key and author and year:
                names = [
                    a.split(",")[0].strip("{} ")
                    for a in author.group(1).split(" and ")
                ]
                who = names[0] + (" et al." if len(names) > 2 else "")
                if len(names) == 2:
                    who = f"{names[0]} and {names[1]}"
                found[key.group(1).strip()] = f"{who} ({year.group(1)})"
    return found


class Resolver:
    """Turns the roles of a chapter's MyST prose into plain MyST."""

    def __init__(self, chapter, labels, cites, words=None):
        # a Markdown page glues nothing of its own (it names the notebook)
        self.values = glued(chapter) if chapter.suffix == ".ipynb" else {}
        self.labels = labels
        self.cites = cites
        self.words = words or WORDS[None]

    def glue(self, kind, content):
        doc, _, target = content.rpartition("::")
        name, _, spec = target.partition(":")
        values = glued(ROOT / "book" / doc) if doc else self.values
        text = format_plain_text(values[name], spec or "s")
        if kind == "sci":
            return f"${typeset(text)}$"
        return text

    def __call__(self, match):
        role, content = match["role"], match["content"]
        words = re.sub(
            r"\s*<[^>]*>$", "", content
        )  # "text <target>" -> "text"
        if role.startswith("glue"):
            return self.glue(role.partition(":")[2], content)
        if role in ("term", "doc"):
            return words
        if role == "numref" and words == content:
            from tools.reader import book

            if content in book().figures:  # "Fig. 8.3", as the book numbers it
                number = book().figures[content][1].split()[-1]
                return f"{self.words['Fig.']} {number}"
            if content in book().exercises:
                return f"{self.words['Exercise']} {book().exercises[content]}"
        if role in ("ref", "numref"):
            return (
                self.labels.get(content, words) if words == content else words
            )
        if role.startswith("py:"):
            return f"`{words.lstrip('~')}`"
        if role.startswith("cite"):
            return "; ".join(
                self.cites.get(k.strip(), k) for k in content.split(",")
            )
        return words


def chapters():
    """(number or None, title, path) of each chapter, numbered as the book is."""
    numbered = numbered_entries()
    number = 0
    for path in toc_notebooks():
        title = TITLE.search(twin(path).read_text(encoding="utf-8"))[1]
        entry = str(path.relative_to(ROOT).with_suffix(""))
        if entry in numbered:
            number += 1
            yield number, title, path
        else:
            yield None, title, path


WORDS = {
    None: {
        "Exercises": "Exercises",
        "Exercise": "Exercise",
        "Fig.": "Fig.",
        "intro": "Every exercise of *{title}*, numbered as in the book, without "
        "solutions (the book has them, executed).",
        "open": " (",
        "close": ")",
    },
    "zh_CN": {
        "Exercises": "练习",
        "Exercise": "练习",
        "Fig.": "图",
        "intro": "《{title}》的全部练习，编号与书中一致，不含解答（书中有执行过的解答）。",
        "open": "（",
        "close": "）",
    },
}


def _catalog(language, path):
    """``{English message: translation}`` of a chapter (empty for English)."""
    if language is None:
        return {}
    from tools.i18n import catalog_path, read

    source = catalog_path(
        language, str(path.relative_to(ROOT).with_suffix(""))
    )
    return {m.id: m.string for m in read(source) if m.id and m.string}


def _translated(text, catalog):
    """MyST text with each paragraph and list item replaced by its
    translation, where the catalog has one (a message is a paragraph or an
    item with its line breaks as spaces)."""
    if not catalog:
        return text
    out = []
    for block in re.split(r"\n\s*\n", text):
        items = re.split(r"\n(?=[-*] |\d+\. )", block)
        translated = []
        for item in items:
            bullet = re.match(r"^([-*] |\d+\. )", item)
            head = bullet.group() if bullet else ""
            key = " ".join(item[len(head) :].split())
            translated.append(head + catalog.get(key, item[len(head) :]))
        out.append("\n".join(translated))
    return "\n\n".join(out)


def page(language=None):
    """The handout as one MyST Markdown page, in English or, from the
    edition's catalogs, in ``language``."""
    words = WORDS[language]
    labels, texts, catalogs = {}, {}, {}
    for _, _title, path in chapters():
        text = twin(path).read_text(encoding="utf-8")
        texts[path] = text
        catalogs[path] = _catalog(language, path)
        labels.update(
            {
                m["label"]: catalogs[path].get(m["title"], m["title"])
                for m in LABEL.finditer(text)
            }
        )
    cites = citations()
    book_title = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    if language:
        from tools.i18n import title as edition_title

        book_title = edition_title(language)
    lines = [
        f"# {words['Exercises']}",
        "",
        words["intro"].format(title=book_title),
    ]
    for number, title, path in chapters():
        exercises = EXERCISE.findall(texts[path])
        if not exercises:
            continue
        catalog = catalogs[path]
        resolve = Resolver(path, labels, cites, words)
        title = catalog.get(title, title)
        heading = f"{number}. {title}" if number else title
        lines += ["", f"## {heading}"]
        k = 0
        for title_text, body in exercises:
            unnumbered = re.search(r"^:nonumber:", body, re.M)
            body = "\n".join(
                line
                for line in body.splitlines()
                if not re.match(r"^:\w+:", line)
            ).strip()
            title_text = title_text.strip()
            title_text = ROLE.sub(resolve, catalog.get(title_text, title_text))
            name = words["Exercise"]
            if unnumbered:  # the book shows it by its title only
                name += f"{words['open']}{title_text}{words['close']}"
            else:
                k += 1
                name += f" {number}.{k}" if number else f" {k}"
                if title_text:
                    name += f"{words['open']}{title_text}{words['close']}"
            body = ROLE.sub(resolve, _translated(body, catalog))
            lines += ["", f"**{name}.** " + body]
    return "\n".join(lines) + "\n"


CONF = """\
project = "Log Loss, Explained and Computed: exercises"
author = "The lossbook authors"
extensions = ["myst_parser"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
html_theme = "alabaster"
latex_engine = "xelatex"
latex_documents = [("index", "exercises.tex", project, author, "howto")]
latex_elements = {{
    "fontpkg": r'''{fontpkg}''',
    # the headings carry the book's chapter numbers; LaTeX adds none
    "preamble": r'''{preamble}\\setcounter{{secnumdepth}}{{-1}}''',
}}
"""


def build(language=None):
    """Write the page and build it into HTML and PDF: ``_build/handout`` (or
    ``_build/handout-<folder>`` for an edition in another language)."""
    from tools.i18n import EDITIONS

    out = (
        OUT
        if language is None
        else OUT.with_name(f"handout-{EDITIONS[language]}")
    )
    book = yaml.safe_load((ROOT / "_config.yml").read_text())
    latex = book["sphinx"]["config"]["latex_elements"]
    src = out / "src"
    shutil.rmtree(out, ignore_errors=True)
    src.mkdir(parents=True)
    (src / "index.md").write_text(page(language), encoding="utf-8")
    conf = CONF.format(fontpkg=latex["fontpkg"], preamble=latex["preamble"])
    if language:
        conf += f"language = {language!r}\n"
    (src / "conf.py").write_text(conf, encoding="utf-8")
    sphinx = [sys.executable, "-m", "sphinx"]
    for builder, folder in (("html", "html"), ("latexpdf", "latex")):
        subprocess.run(
            [*sphinx, "-M", builder, str(src), str(out / folder), "-W", "-q"],
            check=True,
        )
    shutil.copy(
        out / "latex" / "latex" / "exercises.pdf", out / "exercises.pdf"
    )
    html = out / "html" / "html" / "index.html"
    print(f"wrote {out / 'exercises.pdf'} and {html}")


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else None)
