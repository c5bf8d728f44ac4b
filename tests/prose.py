"""The numbers guard: find numbers typed by hand into the book's prose.

The book's promise is that every number stating a computed result is glued
from the cell that computes it.  :func:`findings` reads a page's prose (a
chapter's markdown cells and figure captions and alt texts, or a Markdown
page) and returns every number that is not pasted by a glue role and not
declared in ``book/declared-numbers/<page>.yml``: decimals, scientific notation,
percentages, fractions, multipliers ("a thousand times", "a few thousand")
and integers of two or more digits.  Single digits are let through ("three
samples", "y = 1"), and so is what roles and links hold (cross-references,
citations, glue).

A declaration is a phrase, its kind and the reason the number in it is not
a result.  It lets through the numbers inside the phrase, wherever the phrase
occurs on its page, and nowhere else.  Two kinds:

- ``input``: a number the chapter's code uses (a prediction chosen for an
  example, a seed, a sample size).  :func:`input_problems` checks that each
  number of the phrase is a literal of the chapter's code, so changing the
  input in the code fails at every sentence that repeats it.  A number
  *derived* from inputs (0.8 = 1 − 0.2) is not an input: it is computed and
  glued.
- ``fact``: a number from outside the chapter's code (a definition, a
  library's documented constant, a cited result, a licence's version), with
  its ``source``.
"""

import math
import re
from dataclasses import dataclass

import yaml

from tools.notebooks import read
from tools.toc import ROOT

DECLARATIONS = ROOT / "book" / "declared-numbers"

# What prose may hold without being a typed result: masked before scanning.
_MASKS = [
    r"\{[\w:-]+\}`[^`]*`",  # roles: {glue:text}`x:.3f`, {numref}`fig-x`, {cite:t}`k`
    r"\]\([^)]*\)",  # link targets
    r"<https?://[^>]*>",  # autolinks
    r"(?s:<!--.*?-->)",  # comments (which may span lines)
    r"^\([\w-]+\)=\s*$",  # labels
    r"^\s*:[\w-]+:.*$",  # directive options (:label:, :class:)
    r"^```\{[\w:-]+\}.*$",  # directive fences
    r"^:::+\{[\w:-]+\}.*$",
    r"\\log_\{?10\}?|log₁₀|\blog10\b|\bbase[ -]10\b",  # the base of a logarithm
]
_MASK = re.compile("|".join(f"(?:{m})" for m in _MASKS), re.MULTILINE)

_MINUS = r"[−-]?"
_SMALL_WORDS = r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|many)"
_MAGNITUDE = r"(?:hundred|thousand|million|billion|trillion)s?"
_PATTERNS = {
    "scientific notation": (
        r"\d+(?:\.\d+)?\s*(?:\\times|×|\\cdot|·)\s*10\s*(?:\^\s*\{?\s*[−-]?\d+\}?|[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
        r"|(?<![\w.])\d+(?:\.\d+)?[eE][−+-]?\d+(?!\w)"
        r"|(?<![\w.])10\s*\^\s*\{?\s*[−-]?\d+\}?"
        r"|(?<![\w.])10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+"
    ),
    "percentage": r"(?<![\w.])\d+(?:\.\d+)?\s*(?:\\%|%|\s*per\s?cent\b)",
    "fraction": (
        r"(?<![\w.])\d+\s*/\s*\d+(?!\w|\.\d)"
        r"|\\[dt]?frac\{\s*\d{2,}\s*\}\{\s*\d+\s*\}|\\[dt]?frac\{\s*\d+\s*\}\{\s*\d{2,}\s*\}"
    ),
    "decimal": rf"(?<![\w.]){_MINUS}\d*\.\d+(?!\w|\.\d)",
    "multiplier": (
        rf"\b(?:{_SMALL_WORDS}|\d+)\s+{_MAGNITUDE}\b"
        rf"|\b{_MAGNITUDE}\s+times\b"
        r"|(?<![\w.])\d+(?:\.\d+)?\s*(?:×|times\b|-?fold\b)(?!\s*10)"
        r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)\s+times\b"
    ),
    "number": (
        rf"(?<![\w.,]){_MINUS}\d{{1,3}}(?:,\d{{3}})+(?!\w|[.,]\d)"
        rf"|(?<![\w.,]){_MINUS}\d{{2,}}(?!\w|[.,]\d)"
    ),
}
_NUMBER = re.compile(
    "|".join(
        f"(?P<{kind.replace(' ', '_')}>{p})" for kind, p in _PATTERNS.items()
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    page: str
    where: str
    kind: str
    text: str

    def __str__(self):
        return f'{self.page} · {self.where} · {self.kind}: "…{self.text}…"'


KINDS = ("input", "fact")


def entries(page):
    """The declarations of a page as written: dicts with ``phrase``,
    ``kind``, ``reason`` and, for a fact, ``source``."""
    path = DECLARATIONS / f"{page}.yml"
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def declarations(page):
    """The reviewed declarations of a page: a list of (phrase, reason)."""
    return [(entry["phrase"], entry["reason"]) for entry in entries(page)]


def code_literals(path):
    """The values of the numeric literals in a chapter's code cells (and
    their negations: ``-0.5`` is a unary minus on ``0.5``)."""
    import io
    import tokenize

    values = set()
    for cell in read(path).cells:
        if cell.cell_type != "code":
            continue
        try:
            tokens = list(
                tokenize.generate_tokens(io.StringIO(cell.source).readline)
            )
        except (tokenize.TokenError, IndentationError, SyntaxError):
            continue
        for token in tokens:
            if token.type == tokenize.NUMBER:
                text = token.string.replace("_", "").rstrip("jJ")
                value = (
                    float(int(text, 0))
                    if text[:2].lower() in ("0x", "0o", "0b")
                    else float(text)
                )
                values |= {value, -value}
    return values


_PHRASE_NUMBER = re.compile(
    r"(?<![\w.])[−-]?\d[\d,]*(?:\.\d+)?(?:[eE][−+-]?\d+)?(?:\s*(?:%|\\%))?"
)
# a power as LaTeX writes it: 10^{-20}, e^{20}, 2^{-53}
_POWER = re.compile(r"(?P<base>\d+|e)\s*\^\s*\{?\s*(?P<exp>[−-]?\d+)\s*\}?")
# a number grouped by spaces: 10 000, 200 000
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.])")


def phrase_numbers(phrase):
    """The numbers a declared phrase lets through, each as the values any of
    which the code may hold: a percentage as its fraction too, a power as
    its value or its exponent (``np.exp(20)`` for $e^{20}$); the digits of
    roles and LaTeX commands are left out.

    >>> phrase_numbers("$a = 0.9$ and 10 000 samples, 5 %, $10^{-20}$")
    [[0.9], [10000.0], [5.0, 0.05], [1e-20, -20.0]]
    """
    masked = _MASK.sub(" ", phrase)
    masked = _GROUPED.sub(lambda m: re.sub(r"\s", "", m.group()), masked)
    found = []
    for match in _POWER.finditer(masked):
        exponent = float(match["exp"].replace("−", "-"))
        base = math.e if match["base"] == "e" else float(match["base"])
        found.append([base**exponent, exponent])
    masked = _POWER.sub(" ", masked)
    masked = re.sub(r"\\[a-zA-Z]+|_\{?\d\}?", " ", masked)
    numbers = []
    for match in _PHRASE_NUMBER.finditer(masked):
        text = match.group().replace("−", "-")
        percent = "%" in text
        value = float(re.sub(r"[,%\\\s]", "", text))
        numbers.append([value, value / 100] if percent else [value])
    return numbers + found


def input_problems(page, path):
    """Declared inputs of ``page`` whose numbers are not literals of the
    chapter's code at ``path`` (a Markdown page has no code: nothing of it
    can be an input)."""
    problems = []
    literals = code_literals(path) if path.suffix == ".ipynb" else set()
    for entry in entries(page):
        if entry.get("kind") != "input":
            continue
        for values in phrase_numbers(entry["phrase"]):
            if abs(values[0]) < 10 and values[0] == int(values[0]):
                continue  # a single digit is never flagged, so never declared
            if not any(
                abs(v - lit) <= 1e-12 * max(1, abs(v))
                for v in values
                for lit in literals
            ):
                problems.append(
                    f"{page}: {entry['phrase']!r}: {values[0]:g} is not in the code"
                )
    return problems


def page_texts(path):
    """The prose a reader sees on a page, as (where, text) pairs.

    For a chapter notebook: each markdown cell, and the caption and alt text
    of each figure, located by cell number as JupyterLab shows it and by line
    of the chapter's twin ``book/src/<name>.md``.  For a Markdown page: the
    whole file.
    """
    if path.suffix == ".md":
        return [
            (str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
        ]
    twin = path.parent / "src" / f"{path.stem}.md"
    twin_text = twin.read_text(encoding="utf-8") if twin.exists() else ""
    texts = []
    for number, cell in enumerate(read(path).cells, start=1):
        if cell.cell_type == "markdown":
            pieces = [cell.source]
        else:
            options = cell.metadata.get("mystnb", {})
            pieces = [
                options.get("figure", {}).get("caption", ""),
                options.get("image", {}).get("alt", ""),
            ]
        for piece in filter(None, pieces):
            offset = twin_text.find(piece.split("\n", 1)[0])
            line = twin_text.count("\n", 0, offset) + 1 if offset >= 0 else "?"
            texts.append(
                (f"cell {number} (book/src/{twin.name}:{line})", piece)
            )
    return texts


def findings(page, texts, declared=()):
    """Numbers typed into ``texts`` that neither a glue role nor a declared
    phrase accounts for; also returns the declared phrases that were used."""
    found, used = [], set()
    for where, text in texts:
        masked = _MASK.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
        allowed = []
        for phrase, _ in declared:
            for match in re.finditer(re.escape(phrase), text):
                allowed.append(match.span())
                used.add(phrase)
        for match in _NUMBER.finditer(masked):
            start, end = match.span()
            if any(a <= start and end <= b for a, b in allowed):
                continue
            context = text[max(0, start - 30) : end + 30].replace("\n", " ")
            found.append(
                Finding(
                    page, where, match.lastgroup.replace("_", " "), context
                )
            )
    return found, used


def glue_references(text):
    """Every glue role in ``text``: (role, notebook or None, name, format spec)."""
    pattern = r"\{glue(?::(\w*))?\}`(?:([\w./-]+)::)?(\w+)(?::([^`]*))?`"
    return [m.groups() for m in re.finditer(pattern, text)]


def figure_problems(nb):
    """What each figure of a notebook lacks: a caption, a name for
    cross-references, or alt text that describes it (six words or more)."""
    problems = []
    for number, cell in enumerate(nb.cells, start=1):
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        if not any("image/png" in out.get("data", {}) for out in outputs):
            continue
        options = cell.metadata.get("mystnb", {})
        figure, alt = (
            options.get("figure", {}),
            options.get("image", {}).get("alt", ""),
        )
        first_line = cell.source.split("\n", 1)[0]
        for missing, lacking in [
            ("a caption", not figure.get("caption")),
            ("a name", not figure.get("name")),
            (
                "alt text of six words or more",
                len(alt.split()) < 6 or ".png" in alt,
            ),
        ]:
            if lacking:
                problems.append(
                    f"cell {number} ({first_line!r}) needs {missing}"
                )
    return problems
