"""Reader notebooks: the chapters as they read in plain Jupyter.

The chapters are written in MyST for the built book: glued numbers are
``{glue:text}`` roles, exercises and notes are directives, references are
roles.  JupyterLab, Notebook, VS Code and Colab show all of that as written.
The notebook bundle therefore ships the chapters converted to plain
Markdown, with the same code cells and outputs:

- a glued number is written in, formatted as the book shows it (the handout
  fills numbers in the same way: ``tools.handout.Resolver``);
- a reference is its words (a chapter's title, "Fig. 2.1") linked to the
  notebook beside it (``log-loss.ipynb#fig-log-loss-curves``); a glossary
  term links to ``glossary.ipynb``, which the bundle also holds; a citation
  is "Shannon (1948)";
- a note is a block quote, a collapsible note a ``<details>`` block; an
  exercise is a heading with its number, as in the book; a figure's caption
  follows the figure;
- code cells show the computation without the ``glue`` calls that hand
  numbers to the prose (``tools/plumbing.py``), since the numbers are
  written in; re-running a notebook reproduces every output it shows;
- in the **teacher** edition each solution follows its exercise under a
  heading; in the **student** edition the solution (its prose and its code
  cells) is replaced by one empty code cell for the answer.

    python -m tools.reader teacher log-loss   # print one converted chapter
"""

from __future__ import annotations

import copy
import re
import sys
from dataclasses import dataclass, field
from functools import cache

import nbformat
from docutils.nodes import make_id

from tools.grading import answer_cell
from tools.handout import LABEL, Resolver, chapters, citations
from tools.plumbing import without_glue
from tools.toc import ROOT, toc_pages, twin

EDITIONS = ("teacher", "student")
GLOSSARY = "glossary.ipynb"
ISLAND = (
    "> *The book shows an interactive figure here; open the chapter in the "
    "HTML book to use it.*"
)

TOKEN = re.compile(
    r"(?P<role>\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`)"
    r"|(?P<code>``.+?``|`[^`\n]+`)"
    r"|(?P<math>\$\$.*?\$\$|\$[^$\n]+\$)",
    re.S,
)
FENCE = re.compile(
    r"^(?P<fence>```+|:::+)\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$"
)
LABEL_LINE = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$")
HEADING = re.compile(r"^#+ (.+)$", re.M)
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


@dataclass
class Book:
    """What converting any chapter needs to know about the whole book."""

    titles: dict[str, tuple[str, str]] = field(default_factory=dict)
    """label -> (notebook file name, title) of every labelled section."""
    figures: dict[str, tuple[str, str]] = field(default_factory=dict)
    """figure name -> (notebook file name, "Fig. 2.1")."""
    exercises: dict[str, str] = field(default_factory=dict)
    """exercise label -> "2.3" as the book numbers it."""
    exercise_files: dict[str, str] = field(default_factory=dict)
    """exercise label -> notebook file name."""
    cites: dict[str, str] = field(default_factory=dict)


def _figure_names(path) -> list[str | None]:
    """The figures of a page in order: a notebook's by their name, a
    Markdown page's ``{figure}`` directives (by ``:name:``, or None)."""
    if path.suffix == ".ipynb":
        return [
            cell.metadata["mystnb"]["figure"].get("name")
            for cell in nbformat.read(path, as_version=4).cells
            if "figure" in cell.metadata.get("mystnb", {})
        ]
    text = path.read_text(encoding="utf-8")
    return [
        (re.search(r"^:name: (\S+)", block, re.M) or [None, None])[1]
        for block in re.findall(r"^```\{figure\}.*?^```", text, re.M | re.S)
    ]


@cache
def book() -> Book:
    found = Book(cites=citations())
    # Sphinx numbers figures by chapter in the numbered parts (Fig. 2.1) and
    # with one running count over the unnumbered pages (Fig. 2).
    numbered = {
        str(p.relative_to(ROOT))
        for n, _title, p in chapters()
        if n is not None
    }
    number = 0
    unnumbered = 0
    for path in (p for p in toc_pages().values() if p is not None):
        if str(path.relative_to(ROOT)) in numbered:
            number += 1
            labels = [f"{number}.{k}" for k in range(1, 99)]
        else:
            labels = [str(unnumbered + k) for k in range(1, 99)]
        names = _figure_names(path)
        if str(path.relative_to(ROOT)) not in numbered:
            unnumbered += len(names)
        for name, label in zip(names, labels, strict=False):
            if name:
                found.figures[name] = (path.name, f"Fig. {label}")
    for number, _title, path in chapters():
        text = twin(path).read_text(encoding="utf-8")
        for match in LABEL.finditer(text):
            found.titles[match["label"]] = (path.name, match["title"])
        k = 0
        for match in re.finditer(
            r"^```\{exercise\}[^\n]*\n(?P<options>(?::[\w-]+:[^\n]*\n)*)",
            text,
            re.M,
        ):
            options = match["options"]
            if ":nonumber:" in options:
                continue
            k += 1
            label = re.search(r":label: (\S+)", options)
            if label:
                found.exercises[label[1]] = (
                    f"{number}.{k}" if number else f"{k}"
                )
                found.exercise_files[label[1]] = path.name
    return found


def term_anchor(term: str) -> str:
    """The anchor of a glossary term, as Sphinx makes it: ``term-log-loss``."""
    return make_id(f"term-{term}")


class Prose:
    """Turns one chapter's MyST prose into plain Markdown."""

    def __init__(self, path):
        self.name = path.with_suffix(".ipynb").name
        self.resolve = Resolver(path, {}, book().cites)

    def link(self, words: str, target_file: str, anchor: str) -> str:
        where = "" if target_file == self.name else target_file
        return f"[{words}]({where}#{anchor})"

    def role(self, name: str, content: str) -> str:
        words, _, target = content.partition(" <")
        target = target.rstrip(">") if target else ""
        if name.startswith("glue"):
            return self.resolve.glue(name.partition(":")[2], content)
        if name == "term":
            anchor = term_anchor((target or words).lower())
            return self.link(words, GLOSSARY, anchor)
        if name == "ref":
            label = target or words
            file, title = book().titles.get(label, (None, words))
            shown = words if target else title
            return self.link(shown, file, label) if file else shown
        if name == "numref":
            label = target or words
            if label in book().exercises:
                number = f"Exercise {book().exercises[label]}"
                file = book().exercise_files[label]
            else:
                file, number = book().figures[label]
            shown = (
                words.replace("%s", number.split()[-1]) if target else number
            )
            return self.link(shown, file, label)
        if name == "doc":
            return words
        if name.startswith("cite"):
            keys = [k.strip() for k in content.split(",")]
            cited = [book().cites.get(k, k) for k in keys]
            if name == "cite:p":  # "Shannon (1948)" -> "(Shannon, 1948)"
                return (
                    "("
                    + "; ".join(
                        re.sub(r" \((\d{4})\)$", r", \1", c) for c in cited
                    )
                    + ")"
                )
            return "; ".join(cited)
        if name.startswith("py:"):
            shown = words.lstrip("~")
            if words.startswith("~"):
                shown = shown.rsplit(".", 1)[-1]
            return f"`{shown}()`" if name == "py:func" else f"`{shown}`"
        raise ValueError(f"role {{{name}}} has no plain form: {content!r}")

    def inline(self, text: str) -> str:
        def replace(match: re.Match) -> str:
            if match["role"]:
                return self.role(match["name"], match["content"])
            return match[0]

        return TOKEN.sub(replace, text)


@dataclass
class Directive:
    name: str
    arg: str
    options: dict[str, str]
    body: list[str]


class Converter:
    """One chapter, converted cell by cell for one edition."""

    def __init__(self, path, edition: str):
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}: {edition!r}")
        self.path = path
        self.edition = edition
        self.prose = Prose(path)
        self.in_solution: str | None = None
        self.cells: list = []
        self.pending: list[str] = []  # Markdown not yet written to a cell

    # --- cells -----------------------------------------------------------
    def flush(self) -> None:
        text = "\n".join(self.pending).strip("\n")
        self.pending = []
        if text.strip():
            self.cells.append(nbformat.v4.new_markdown_cell(text))

    def emit(self, text: str) -> None:
        if self.in_solution and self.edition == "student":
            return
        self.pending.append(text)

    def code(self, cell) -> None:
        if self.in_solution and self.edition == "student":
            return
        self.flush()
        cell.source = without_glue(cell.source)
        cell.outputs = [
            out
            for out in cell.get("outputs", [])
            if "scrapbook" not in out.get("metadata", {})
        ]
        if cell.source.strip() or cell.outputs:  # not a cell of glue only
            self.cells.append(cell)
        figure = cell.metadata.get("mystnb", {}).get("figure")
        if figure and figure.get("name"):
            _, number = book().figures[figure["name"]]
            caption = self.prose.inline(" ".join(figure["caption"].split()))
            self.emit(
                f'<a id="{figure["name"]}"></a>\n\n**{number}.** {caption}'
            )

    # --- markdown --------------------------------------------------------
    def markdown(self, source: str) -> None:
        lines = source.split("\n")
        plain: list[str] = []  # converted together: a role may span lines
        i = 0
        while i < len(lines):
            line = lines[i]
            fence = FENCE.match(line)
            label = LABEL_LINE.match(line)
            if not fence and not label:
                plain.append(line)
                i += 1
                continue
            if plain:
                self.emit(self.prose.inline("\n".join(plain)))
                plain = []
            if label:
                self.emit(f'<a id="{label["label"]}"></a>\n')
                i += 1
                continue
            closing = fence["fence"]
            j = i + 1
            while j < len(lines) and lines[j].strip() != closing:
                j += 1
            body = lines[i + 1 : j]
            options = {}
            while body and re.match(r"^:[\w-]+:", body[0]):
                key, _, value = body.pop(0)[1:].partition(":")
                options[key] = value.strip()
            self.directive(
                Directive(fence["name"], fence["arg"].strip(), options, body)
            )
            i = j + 1
        if plain:
            self.emit(self.prose.inline("\n".join(plain)))

    def directive(self, d: Directive) -> None:
        body = self.prose.inline("\n".join(d.body)).strip()
        if d.name == "admonition":
            title = self.prose.inline(d.arg)
            if "dropdown" in d.options.get("class", ""):
                self.emit(
                    f"<details><summary><b>{title}</b></summary>\n\n{body}\n\n</details>"
                )
            else:
                quoted = "\n".join(
                    f"> {x}" if x else ">" for x in body.split("\n")
                )
                self.emit(f"> **{title}**\n>\n{quoted}")
        elif d.name == "exercise":
            title = self.prose.inline(d.arg)
            label = d.options.get("label")
            number = book().exercises.get(label or "")
            heading = f"Exercise {number}" if number else "Exercise"
            if title:
                heading += f" ({title})" if number else f": {title}"
            anchor = f'<a id="{label}"></a>\n\n' if label else ""
            self.emit(f"{anchor}### {heading}\n\n{body}")
        elif d.name == "solution-start":
            number = book().exercises.get(d.arg, "")
            self.in_solution = d.arg  # the student edition drops from here
            self.emit(f"#### Solution to Exercise {number}".rstrip())
        elif d.name == "solution-end":
            label = self.in_solution or ""
            number = book().exercises.get(label, "")
            self.in_solution = None
            if self.edition == "student":
                self.flush()
                self.cells.append(
                    nbformat.v4.new_code_cell(answer_cell(label, number))
                )
        elif d.name == "raw":
            self.emit(ISLAND)
        else:
            raise ValueError(
                f"{self.path.name}: directive {{{d.name}}} has no plain form"
            )

    def convert(self):
        nb = nbformat.read(self.path, as_version=4)
        out = copy.deepcopy(nb)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                self.markdown(cell.source)
                self.flush()
            elif cell.cell_type == "code":
                self.code(copy.deepcopy(cell))
            else:
                self.flush()
                self.cells.append(copy.deepcopy(cell))
        self.flush()
        out.cells = self.cells
        out.metadata.pop("jupytext", None)
        out.metadata["lossbook"] = {"edition": self.edition}
        return out


def reader_notebook(path, edition: str):
    """The chapter at ``path`` as a plain-Jupyter notebook of ``edition``."""
    return Converter(path, edition).convert()


def glossary_notebook():
    """The glossary as a notebook of plain Markdown, one anchor per term."""
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    head, _, rest = text.partition("```{glossary}")
    body, _, _tail = rest.partition("\n```")
    prose = Prose(ROOT / "book" / "glossary.md")
    cells = [prose.inline(head.strip())]
    for entry in re.split(r"\n(?=\S)", body.strip("\n")):
        term, _, definition = entry.partition("\n")
        definition = " ".join(definition.split())
        cells.append(
            f'<a id="{term_anchor(term.strip().lower())}"></a>\n\n'
            f"### {term.strip()}\n\n{prose.inline(definition)}"
        )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("\n\n".join(cells))]
    # the chapters' kernel: without one, JupyterLab asks the reader to
    # "Select Kernel" each time a term's link opens the glossary
    nb.metadata["kernelspec"] = KERNEL
    nb.metadata["language_info"] = {"name": "python"}
    return nb


if __name__ == "__main__":
    edition, name = sys.argv[1], sys.argv[2]
    converted = reader_notebook(ROOT / "book" / f"{name}.ipynb", edition)
    for cell in converted.cells:
        print(f"--- {cell.cell_type}")
        print(cell.source)
