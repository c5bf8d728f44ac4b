"""Fork the book: remove a chapter and everything that names it.

    python -m tools.fork remove <chapter>                # dry run: the checklist
    python -m tools.fork remove <chapter> --apply        # do it
    python -m tools.fork remove <chapter> --apply --force

``<chapter>`` is a chapter notebook of ``_toc.yml`` by its name
(``class-imbalance``; ``book/class-imbalance.ipynb`` works too).  The dry run
changes nothing and prints every place that names the chapter, with what
``--apply`` does there:

- **deleted**: the notebook ``book/<name>.ipynb``, its twin
  ``book/src/<name>.md``, its declared numbers
  ``book/declared-numbers/<name>.yml``, its number tests
  ``tests/test_numbers_<name>.py``, its catalogs
  ``locales/<language>/LC_MESSAGES/book/<name>.po`` and the interactive
  figures (``book/islands/*.html``) that only it pastes;
- **edited**: its entry in ``_toc.yml`` (and its part, if it was the part's
  only chapter); the entries of ``book/grading.yml`` for its exercises (the
  labels its twin defines); ``syllabus.yml``, where a ``glued_as`` place in
  the chapter goes and an entry that no chapter shows any more gets
  ``glued_as: []`` and a ``not_covered:`` reason (``tests/test_fork.py``
  reports each such entry as skipped: the number stays checked through
  ``lossbook``, the fork just does not show it); the chapter map, redrawn;
- **rewritten into plain words**, in every other page (twins and their
  notebooks, Markdown pages, declared phrases, catalogs): a ``{ref}``,
  ``{numref}``, ``{eq}`` or ``{doc}`` to the chapter or one of its labels
  (sections, figures, exercises, equations) and a Markdown link into it.
  A reference without words of its own becomes the referenced title in
  italics (*Class imbalance: weighted and focal loss*); one to a figure,
  exercise or equation says whose (a figure of *...*); one with words of its
  own keeps its words.  A table row whose first cell is a reference to the
  chapter (a row about the chapter) is removed, and so is the chapter's item
  in a ``{teaching-path}`` list.  Each rewritten place is printed as
  ``file:line: before -> after``: the list to review.

A glued number that another page borrows from the chapter (the document form
``{glue:text}`<name>.ipynb::key```) cannot be kept: written in by hand it
would be a typed number.  It is an **error**: ``--apply`` stops before
changing anything; ``--force`` goes ahead and leaves it as it is, to fail
the build until it is resolved.

Mentions of the chapter that no rule covers (its name or title in a comment,
a README, a test) are listed at the end, left as they are.

The finders (:func:`targets`, :func:`rewrite`, :func:`borrowed_glue`, ...)
are pure functions of text; :func:`plan` reads the repository and
:func:`apply` writes it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from tools.toc import ROOT

# ---------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """A label defined in the chapter: what kind of thing it names and the
    title a reference to it shows."""

    label: str
    kind: str  # chapter, section, figure, exercise, equation, table, target
    title: str


LABEL = re.compile(r"^\((?P<label>[^()\s]+)\)=[ \t]*$", re.M)
HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.+?)[ \t]*$")
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}")
OPTION = re.compile(r"^:(?:label|name):[ \t]*(?P<label>\S+)[ \t]*$")
CODE_CELL_META = re.compile(
    r"^```\{code-cell\}[^\n]*\n---\n(?P<yaml>.*?)\n---[ \t]*$", re.M | re.S
)
DOLLAR_LABEL = re.compile(r"\$\$[ \t]*\((?P<label>[\w.:-]+)\)[ \t]*$", re.M)
KINDS = {
    "exercise": "exercise",
    "solution-start": "solution",
    "solution": "solution",
    "figure": "figure",
    "glue:figure": "figure",
    "chapter-graph": "figure",
    "math": "equation",
    "table": "table",
    "list-table": "table",
}


def chapter_title(twin_text: str) -> str:
    """The chapter's title: its first level-1 heading.

    >>> chapter_title("(chapter-a)=\\n# Alpha: the first\\n\\nText")
    'Alpha: the first'
    """
    for line in twin_text.splitlines():
        m = HEADING.match(line)
        if m and m["hashes"] == "#":
            return m["title"]
    raise ValueError("the chapter has no level-1 heading")


def targets(twin_text: str) -> dict[str, Target]:
    """Every label the chapter defines, by label (lower case, as Sphinx
    stores it): ``(label)=`` targets (the chapter's and its sections'),
    directives' ``:label:`` and ``:name:`` (exercises, figures, equations),
    the figure names of its code cells and ``$$ (label)`` equations.

    >>> text = '''(chapter-a)=
    ... # Alpha
    ...
    ... (sec-a-one)=
    ... ## One
    ...
    ... ```{exercise}
    ... :label: ex-a-first
    ... Do it.
    ... ```
    ... '''
    >>> for t in targets(text).values():
    ...     print(t)
    Target(label='chapter-a', kind='chapter', title='Alpha')
    Target(label='sec-a-one', kind='section', title='One')
    Target(label='ex-a-first', kind='exercise', title='Alpha')
    """
    title = chapter_title(twin_text)
    lines = twin_text.splitlines()
    found: dict[str, Target] = {}

    def add(label: str, kind: str, words: str) -> None:
        found.setdefault(label.lower(), Target(label, kind, words))

    for number, line in enumerate(lines):
        m = LABEL.match(line)
        if m:
            after = next((x for x in lines[number + 1 :] if x.strip()), "")
            heading = HEADING.match(after)
            if heading:
                kind = "chapter" if heading["hashes"] == "#" else "section"
                add(m["label"], kind, heading["title"])
            else:
                add(m["label"], "target", title)
            continue
        m = OPTION.match(line)
        if m:
            directive = next(
                (
                    f["name"]
                    for x in reversed(lines[:number])
                    if (f := FENCE.match(x))
                ),
                "",
            )
            add(m["label"], KINDS.get(directive, "target"), title)
    for m in CODE_CELL_META.finditer(twin_text):
        try:
            meta = yaml.safe_load(m["yaml"]) or {}
        except yaml.YAMLError:
            continue
        figure = (meta.get("mystnb") or {}).get("figure") or {}
        if isinstance(figure, dict) and figure.get("name"):
            add(str(figure["name"]), "figure", title)
    for m in DOLLAR_LABEL.finditer(twin_text):
        add(m["label"], "equation", title)
    return found


def islands(twin_text: str) -> list[str]:
    """The files a page pastes with ``:file:`` (its interactive figures),
    relative to the page's folder.

    >>> islands("```{raw} html\\n:file: islands/focal.html\\n```")
    ['islands/focal.html']
    """
    return re.findall(r"^:file:[ \t]*(\S+)[ \t]*$", twin_text, re.M)


# ------------------------------------------------------------- references

REFERENCE = re.compile(
    r"\{(?P<role>ref|numref|eq|doc)\}`(?P<content>[^`]*)`"
    r"|(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]+)\)"
)
EXPLICIT = re.compile(r"(?s)(?P<text>.*?\S)\s*<(?P<target>[^<>]+)>")
GLUE = re.compile(
    r"\{glue(?::\w*)?\}`(?P<content>[^`]*)`"
    r"|^[ \t]*(?:`{3,}|:{3,})\{glue(?::\w*)?\}[ \t]+(?P<arg>\S+)",
    re.M,
)

WORDS = {
    "en": {
        "figure": "a figure of *{chapter}*",
        "exercise": "an exercise of *{chapter}*",
        "solution": "a solution in *{chapter}*",
        "equation": "an equation of *{chapter}*",
        "table": "a table of *{chapter}*",
    },
    "zh_CN": {
        "figure": "*{chapter}*中的一幅图",
        "exercise": "*{chapter}*中的一道练习",
        "solution": "*{chapter}*中的一个解答",
        "equation": "*{chapter}*中的一个公式",
        "table": "*{chapter}*中的一张表",
    },
}
"""The words that replace a reference to a numbered thing of the removed
chapter (a figure, an exercise), per language of the catalogs; anything
else is replaced by its title, ``*{title}*``."""


def _is_chapter_doc(path: str, name: str) -> bool:
    """Whether a ``{doc}`` or link target is the chapter's page.

    >>> _is_chapter_doc("../book/alpha.ipynb", "alpha"), _is_chapter_doc("alpha-beta", "alpha")
    (True, False)
    """
    if "://" in path or path.startswith("mailto:"):
        return False
    stem = PurePosixPath(path.split("#", 1)[0]).name
    for suffix in (".ipynb", ".md", ".html"):
        stem = stem.removesuffix(suffix)
    return stem == name


@dataclass(frozen=True)
class Reference:
    """A reference into the chapter found in a text."""

    start: int
    end: int
    markup: str
    words: str  # what replaces it


def _sentence_start(before: str) -> bool:
    prev = before.rstrip(" \t")
    return (
        not prev
        or prev[-1] in ".!?"
        or prev.endswith("\n\n")
        or re.search(r"(?:^|\n)[ \t]*(?:[-*+]|\d+\.|\|)$", prev) is not None
    )


def references(
    text: str,
    found: dict[str, Target],
    name: str,
    title: str,
    words: dict[str, str] | None = None,
) -> list[Reference]:
    """Every reference in ``text`` into the chapter ``name`` (whose labels
    are ``found`` and whose title is ``title``), with the plain words that
    replace it.

    >>> found = {"chapter-a": Target("chapter-a", "chapter", "Alpha"),
    ...          "fig-a": Target("fig-a", "figure", "Alpha")}
    >>> text = ("As in {ref}`chapter-a` ({numref}`fig-a`). "
    ...         "{numref}`fig-a` shows {ref}`the same <chapter-a>`.")
    >>> [(r.markup, r.words) for r in references(text, found, "a", "Alpha")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('{ref}`chapter-a`', '*Alpha*'), ('{numref}`fig-a`', 'a figure of *Alpha*'),
     ('{numref}`fig-a`', 'A figure of *Alpha*'),
     ('{ref}`the same <chapter-a>`', 'the same')]
    """
    words = words or WORDS["en"]
    result = []
    for m in REFERENCE.finditer(text):
        if m["role"]:
            explicit = EXPLICIT.fullmatch(m["content"])
            own, target = (
                (explicit["text"], explicit["target"])
                if explicit
                else (None, m["content"])
            )
            target = target.strip()
            if m["role"] == "doc":
                if not _is_chapter_doc(target, name):
                    continue
                kind, shown = "chapter", title
            else:
                hit = found.get(target.lower())
                if hit is None:
                    continue
                kind, shown = hit.kind, hit.title
            if own and not re.search(r"%s|\{number\}|\{name\}", own):
                replacement = own
            elif kind in words:
                replacement = words[kind].format(chapter=title)
                if _sentence_start(text[: m.start()]):
                    replacement = replacement[0].upper() + replacement[1:]
            else:
                replacement = f"*{shown}*"
        else:
            url = m["url"]
            label = url[1:] if url.startswith("#") else None
            if label is not None:
                if label.lower() not in found:
                    continue
            elif not _is_chapter_doc(url, name):
                continue
            replacement = m["text"]
        result.append(Reference(m.start(), m.end(), m.group(), replacement))
    return result


def borrowed_glue(text: str, name: str) -> list[tuple[int, str]]:
    """(line, markup) of each glued value ``text`` borrows from the chapter
    ``name``: a glue role or directive in the document form
    ``<name>.ipynb::key``.

    >>> borrowed_glue("x {glue:text}`a.ipynb::k:.2f` {glue:text}`k`", "a")
    [(1, '{glue:text}`a.ipynb::k:.2f`')]
    >>> borrowed_glue("```{glue:figure} ../a.ipynb::fig\\n```", "a")
    [(1, '```{glue:figure} ../a.ipynb::fig')]
    """
    found = []
    for m in GLUE.finditer(text):
        content = m["content"] if m["content"] is not None else m["arg"]
        if "::" not in content:
            continue
        document = content.split("::", 1)[0]
        if _is_chapter_doc(document, name):
            line = text.count("\n", 0, m.start()) + 1
            found.append((line, m.group().strip()))
    return found


# ---------------------------------------------------------------- rewrites


@dataclass(frozen=True)
class Change:
    """One place rewritten: its line in the new text, and what it said and
    says (``after`` None: removed)."""

    line: int
    before: str
    after: str | None


TABLE_ROW = re.compile(r"^\|(?P<first>[^|\n]*)\|[^\n]*(?:\n|$)", re.M)
CHAPTER_LISTS = ("teaching-path",)
"""Directives whose YAML content lists chapters by name."""


def _rows_about(text: str, found, name, title) -> list[tuple[int, int]]:
    """Spans of the table rows whose first cell is only a reference to the
    chapter."""
    spans = []
    for m in TABLE_ROW.finditer(text):
        cell = m["first"].strip()
        refs = references(cell, found, name, title)
        if len(refs) == 1 and refs[0].markup == cell:
            spans.append((m.start(), m.end()))
    return spans


def _chapter_list_items(text: str, name: str) -> list[tuple[int, int]]:
    """Spans of the chapter's items in the YAML lists of
    :data:`CHAPTER_LISTS` directives: ``- name`` or ``- chapter: name`` with
    the lines indented under it."""
    spans = []
    block = re.compile(
        r"^(?P<fence>`{3,}|:{3,})\{(?:"
        + "|".join(map(re.escape, CHAPTER_LISTS))
        + r")\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
        re.M | re.S,
    )
    item = re.compile(
        r"^(?P<indent>[ \t]*)-[ \t]+(?:\{[ \t]*)?(?:chapter:[ \t]*)?"
        + re.escape(name)
        + r"[ \t]*(?:[,}][^\n]*)?(?:\n|$)",
        re.M,
    )
    for b in block.finditer(text):
        body_start = b.start("body")
        body = b["body"]
        for m in item.finditer(body):
            end = m.end()
            indent = len(m["indent"])
            for line in body[end:].splitlines(keepends=True):
                stripped = line.lstrip(" \t")
                if not stripped.strip() or len(line) - len(stripped) <= indent:
                    break  # a blank line, or the next item or key
                end += len(line)
            spans.append((body_start + m.start(), body_start + end))
    return spans


def rewrite(
    text: str,
    found: dict[str, Target],
    name: str,
    title: str,
    *,
    words: dict[str, str] | None = None,
    rows: bool = True,
) -> tuple[str, list[Change]]:
    """``text`` with every reference into the chapter in plain words and, if
    ``rows``, without the table rows and chapter-list items about the
    chapter; and the list of changes, by line of the new text.

    >>> found = {"chapter-a": Target("chapter-a", "chapter", "Alpha")}
    >>> text = ("| Chapter | Needs |\\n|--|--|\\n| {ref}`chapter-a` | x |\\n"
    ...         "\\nSee {ref}`chapter-a`.\\n")
    >>> new, changes = rewrite(text, found, "a", "Alpha")
    >>> print(new)
    | Chapter | Needs |
    |--|--|
    <BLANKLINE>
    See *Alpha*.
    <BLANKLINE>
    >>> changes  # doctest: +NORMALIZE_WHITESPACE
    [Change(line=3, before='| {ref}`chapter-a` | x |', after=None),
     Change(line=4, before='See {ref}`chapter-a`.', after='See *Alpha*.')]
    """
    removed = []
    if rows:
        removed = _rows_about(text, found, name, title)
        removed += _chapter_list_items(text, name)
    refs = [
        r
        for r in references(text, found, name, title, words)
        if not any(a <= r.start < b for a, b in removed)
    ]
    # the references on one line (or on lines a reference spans) make one
    # change: (line start, line end, [references])
    groups: list[tuple[int, int, list[Reference]]] = []
    for r in refs:
        line_start = text.rfind("\n", 0, r.start) + 1
        line_end = text.find("\n", r.end)
        line_end = len(text) if line_end < 0 else line_end
        if groups and line_start < groups[-1][1]:
            a, b, members = groups[-1]
            groups[-1] = (a, max(b, line_end), [*members, r])
        else:
            groups.append((line_start, line_end, [r]))
    edits = [(a, b, None) for a, b in removed] + groups
    edits.sort(key=lambda e: e[0])
    out: list[str] = []
    changes: list[Change] = []
    position = 0
    new_lines = 0
    for start, end, members in edits:
        piece = text[position:start]
        out.append(piece)
        new_lines += piece.count("\n")
        before = text[start:end]
        if members is None:
            changes.append(Change(new_lines + 1, before.rstrip("\n"), None))
            position = end
            continue
        after, at = [], start
        for r in members:
            after += [text[at : r.start], r.words]
            at = r.end
        after.append(text[at:end])
        changes.append(Change(new_lines + 1, before, "".join(after)))
        out.append("".join(after))
        new_lines += "".join(after).count("\n")
        position = end
    out.append(text[position:])
    return "".join(out), changes


# ------------------------------------------------------------ data files


def remove_toc_entry(toc_text: str, entry: str) -> str:
    """``_toc.yml`` without the chapter ``entry`` (``book/<name>``), and
    without its part if it was the part's only chapter.

    >>> toc = '''parts:
    ...   - caption: A
    ...     chapters:
    ...       - file: book/a
    ...       - file: book/b
    ...   - caption: C
    ...     chapters:
    ...       - file: book/c
    ... '''
    >>> print(remove_toc_entry(toc, "book/b"), end="")
    parts:
      - caption: A
        chapters:
          - file: book/a
      - caption: C
        chapters:
          - file: book/c
    >>> print(remove_toc_entry(toc, "book/c"), end="")
    parts:
      - caption: A
        chapters:
          - file: book/a
          - file: book/b
    """
    lines = toc_text.splitlines(keepends=True)
    pattern = re.compile(
        r"^[ \t]*-[ \t]+file:[ \t]*" + re.escape(entry) + r"[ \t]*$"
    )
    hits = [i for i, line in enumerate(lines) if pattern.match(line)]
    if len(hits) != 1:
        raise ValueError(f"_toc.yml: {entry} is listed {len(hits)} times")
    del lines[hits[0]]
    new = "".join(lines)
    old_data = yaml.safe_load(toc_text)
    data = yaml.safe_load(new)
    for i, part in enumerate(data.get("parts", [])):
        if not part.get("chapters"):
            new = _remove_part(new, i)
            break
    check = yaml.safe_load(new)
    expected = _without_entry(old_data, entry)
    if check != expected:
        raise ValueError("_toc.yml: could not remove the entry cleanly")
    return new


def _without_entry(data, entry):
    parts = []
    for part in data.get("parts", []):
        chapters = [c for c in part["chapters"] if c.get("file") != entry]
        if chapters:
            parts.append({**part, "chapters": chapters})
    return {**data, "parts": parts}


def _remove_part(text: str, index: int) -> str:
    lines = text.splitlines(keepends=True)
    starts = [
        i
        for i, line in enumerate(lines)
        if re.match(r"^  - ", line) or re.match(r"^- ", line)
    ]
    start = starts[index]
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip()
        or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    return "".join(lines[:start] + lines[end:])


def _top_level_blocks(text: str) -> list[tuple[str, int, int]]:
    """(key, first line, end line) of each top-level mapping entry of a YAML
    file, its trailing blank and column-0 comment lines left out."""
    lines = text.splitlines(keepends=True)
    keys = [
        (i, m[1])
        for i, line in enumerate(lines)
        if (m := re.match(r"^([^\s#][^:\n]*):", line))
    ]
    blocks = []
    for n, (i, key) in enumerate(keys):
        end = keys[n + 1][0] if n + 1 < len(keys) else len(lines)
        while end > i + 1 and (
            not lines[end - 1].strip() or lines[end - 1].startswith("#")
        ):
            end -= 1
        blocks.append((key.strip().strip("\"'"), i, end))
    return blocks


def remove_yaml_entries(text: str, keys: set[str]) -> tuple[str, list[str]]:
    """A YAML mapping file (``book/grading.yml``) without the top-level
    entries ``keys``, with the blank line after each, and without a
    ``# --- section ---`` comment left with no entry under it.

    >>> text = "# --- A ---\\n\\na:\\n  x: 1\\n\\n# --- B ---\\n\\nb:\\n  x: 2\\n"
    >>> new, removed = remove_yaml_entries(text, {"b"})
    >>> print(new, end=""); removed
    # --- A ---
    <BLANKLINE>
    a:
      x: 1
    ['b']
    """
    data = yaml.safe_load(text) or {}
    lines = text.splitlines(keepends=True)
    removed = []
    for key, start, end in reversed(_top_level_blocks(text)):
        if key in keys:
            while end < len(lines) and not lines[end].strip():
                end += 1
            del lines[start:end]
            removed.append(key)
    # section headers with nothing under them
    header = re.compile(r"^# -{2,} .*$")
    i = 0
    while i < len(lines):
        if header.match(lines[i]):
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j == len(lines) or header.match(lines[j]):
                del lines[i:j]
                continue
        i += 1
    new = "".join(lines).rstrip("\n") + "\n"
    expected = {k: v for k, v in data.items() if k not in keys}
    if (yaml.safe_load(new) or {}) != expected:
        raise ValueError("could not remove the entries cleanly")
    return new, sorted(removed)


@dataclass(frozen=True)
class Uncovered:
    key: str
    places: list[str]  # the glued_as places that went
    reason: str | None  # not None: the entry is now shown nowhere


def syllabus_changes(entries: dict, name: str, title: str) -> list[Uncovered]:
    """The syllabus entries that point into the chapter: a ``glued_as``
    place ``<name>:key``, a ``chapter``/``chapters`` field naming it, or (for
    an entry no chapter glues) a note naming the chapter, as an input it
    declares.  An entry left with no place is not covered in the fork.

    >>> entries = {
    ...   "a": {"glued_as": ["alpha:x", "beta:y"]},
    ...   "b": {"glued_as": ["alpha:z"]},
    ...   "c": {"glued_as": [], "note": "an input of the Alpha chapter"},
    ...   "d": {"glued_as": ["beta:w"]},
    ... }
    >>> for u in syllabus_changes(entries, "alpha", "Alpha: first"):
    ...     print(u.key, u.places, u.reason is not None)
    a ['alpha:x'] False
    b ['alpha:z'] True
    c [] True
    """
    short = title.split(":")[0].strip().lower()
    found = []
    for key, entry in entries.items():
        places = [
            p
            for p in entry.get("glued_as") or []
            if p.split(":", 1)[0] == name
        ]
        left = [p for p in entry.get("glued_as") or [] if p not in places]
        named = any(
            entry.get(f) == name
            or (isinstance(entry.get(f), list) and name in entry[f])
            for f in ("chapter", "chapters")
        )
        note = str(entry.get("note", "")).lower()
        declared = not entry.get("glued_as") and (
            name in note or (short and short in note)
        )
        if not (places or named or declared):
            continue
        reason = None
        if not left:
            shown = (
                f"which showed it as {', '.join(places)}"
                if places
                else "which its note says declares it"
            )
            reason = f"this fork removed the chapter {name} ({title}), {shown}"
        found.append(Uncovered(key, places, reason))
    return found


NOT_COVERED_DOC = (
    "#   not_covered  why this fork shows the number nowhere (set by\n"
    "#             `python -m tools.fork remove`, with glued_as emptied;\n"
    "#             tests/test_fork.py reports each such entry as skipped)\n"
)


def edit_syllabus(text: str, changes: list[Uncovered]) -> str:
    """``syllabus.yml`` with the ``changes`` made, its layout and comments
    kept.

    >>> text = 'a:\\n  value: "1"\\n  glued_as: ["alpha:x"]\\n  note: n\\n'
    >>> print(edit_syllabus(text, [Uncovered("a", ["alpha:x"], "gone")]), end="")
    a:
      value: "1"
      glued_as: []
      not_covered: "gone"
      note: n
    """
    data = yaml.safe_load(text) or {}
    lines = text.splitlines(keepends=True)
    blocks = {key: (s, e) for key, s, e in _top_level_blocks(text)}
    expected = json.loads(json.dumps(data))
    for change in sorted(changes, key=lambda c: -blocks[c.key][0]):
        start, end = blocks[change.key]
        entry = expected[change.key]
        entry["glued_as"] = [
            p for p in entry.get("glued_as") or [] if p not in change.places
        ]
        if change.reason:
            entry["not_covered"] = change.reason
        i = next(
            (
                n
                for n in range(start, end)
                if re.match(r"^  glued_as:", lines[n])
            ),
            None,
        )
        if i is None:
            raise ValueError(f"syllabus.yml: {change.key} has no glued_as")
        j = i + 1
        while j < end and (
            not lines[j].strip() or re.match(r"^ {3,}", lines[j])
        ):
            j += 1
        while j > i + 1 and not lines[j - 1].strip():
            j -= 1
        places = entry["glued_as"]
        if not places or "[" in lines[i]:
            new = [
                "  glued_as: ["
                + ", ".join(json.dumps(p) for p in places)
                + "]\n"
            ]
        else:
            new = ["  glued_as:\n"] + [
                f"    - {json.dumps(p)}\n" for p in places
            ]
        if change.reason:
            new.append(
                f"  not_covered: {json.dumps(change.reason, ensure_ascii=False)}\n"
            )
        lines[i:j] = new
    new_text = "".join(lines)
    if changes and "not_covered" not in text:
        note = re.search(r"^#   note\b[^\n]*\n", new_text, re.M)
        if note:
            new_text = (
                new_text[: note.end()]
                + NOT_COVERED_DOC
                + new_text[note.end() :]
            )
    if yaml.safe_load(new_text) != expected:
        raise ValueError("syllabus.yml: could not edit the entries cleanly")
    return new_text


# -------------------------------------------------------------- catalogs


def _po_entries(text: str) -> list[list[str]]:
    """A .po file as its entries, each a list of lines (blank lines are
    entries of their own, so that joining gives the file back)."""
    entries: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        if not line.strip():
            if current:
                entries.append(current)
                current = []
            entries.append([line])
        else:
            current.append(line)
    if current:
        entries.append(current)
    return entries


def _po_field(lines: list[str], keyword: str) -> tuple[int, int, str] | None:
    """(first line, end line, unescaped text) of ``msgid`` or ``msgstr``."""
    from babel.messages.pofile import unescape

    for i, line in enumerate(lines):
        if line.startswith(keyword + " "):
            j = i + 1
            while j < len(lines) and lines[j].startswith('"'):
                j += 1
            first = line[len(keyword) + 1 :].strip()
            parts = [first] + [x.strip() for x in lines[i + 1 : j]]
            return i, j, "".join(unescape(p) for p in parts)
    return None


def _po_lines(keyword: str, value: str) -> list[str]:
    from babel.messages.pofile import normalize

    return [f"{keyword} {normalize(value, width=0)}\n"]


def _po_changes(lines, keyword, value, changes, first_line):
    """The changes of one field of an entry, by line of the .po file: a
    message of several lines starts with ``msgid ""``, then a line each."""
    text = "".join(lines)
    start = first_line + text[: text.index(keyword + " ")].count("\n")
    several = "\n" in value
    return [
        Change(start + (c.line if several else 0), c.before, c.after)
        for c in changes
    ]


def catalog_titles(po_text: str, found: dict[str, Target]) -> dict[str, str]:
    """The translation of each title of ``found`` in the removed chapter's
    catalog: English title -> translated title."""
    import io

    from babel.messages.pofile import read_po

    titles = {t.title for t in found.values()}
    catalog = read_po(io.BytesIO(po_text.encode("utf-8")))
    return {m.id: m.string for m in catalog if m.id in titles and m.string}


def rewrite_catalog(
    po_text: str,
    found: dict[str, Target],
    name: str,
    title: str,
    translated: dict[str, str],
    language: str,
    drop: set[str] = frozenset(),
) -> tuple[str, list[Change]]:
    """A catalog of another page with the references into the chapter in
    plain words: in each English message as :func:`rewrite` writes the page,
    in its translation with the titles as the removed chapter's catalog
    translated them; and without the messages ``drop`` (those of removed
    table rows).

    >>> found = {"chapter-a": Target("chapter-a", "chapter", "Alpha")}
    >>> po = 'msgid "See {ref}`chapter-a`."\\nmsgstr "见{ref}`chapter-a`。"\\n'
    >>> new, _ = rewrite_catalog(po, found, "a", "Alpha", {"Alpha": "甲"}, "zh_CN")
    >>> print(new, end="")
    msgid "See *Alpha*."
    msgstr "见*甲*。"
    """
    words = WORDS.get(language, WORDS["en"])
    local = {
        key: Target(t.label, t.kind, translated.get(t.title, t.title))
        for key, t in found.items()
    }
    local_title = translated.get(title, title)
    out: list[str] = []
    changes: list[Change] = []
    line = 1
    entries = _po_entries(po_text)
    skip_blank = False
    for lines in entries:
        if skip_blank and not lines[0].strip():
            skip_blank = False
            continue
        skip_blank = False
        msgid = _po_field(lines, "msgid")
        msgstr = _po_field(lines, "msgstr")
        if msgid and msgid[2] and msgid[2] in drop:
            changes.append(Change(line, f"msgid {msgid[2]!r}", None))
            skip_blank = True
            continue
        if msgid and msgstr and msgid[2]:
            new_id, c1 = rewrite(msgid[2], found, name, title, rows=False)
            new_str, c2 = rewrite(
                msgstr[2], local, name, local_title, words=words, rows=False
            )
            if c1 or c2:
                lines = (
                    lines[: msgid[0]]
                    + _po_lines("msgid", new_id)
                    + lines[msgid[1] : msgstr[0]]
                    + _po_lines("msgstr", new_str)
                    + lines[msgstr[1] :]
                )
                changes += _po_changes(lines, "msgid", new_id, c1, line)
                changes += _po_changes(lines, "msgstr", new_str, c2, line)
        out.extend(lines)
        line += "".join(lines).count("\n")
    return "".join(out), changes


# ------------------------------------------------------------------ plan


@dataclass
class Plan:
    """Everything ``remove`` does, computed without changing anything."""

    name: str
    title: str
    delete: list[Path] = field(default_factory=list)
    texts: dict[Path, str] = field(default_factory=dict)
    notebooks: dict[Path, object] = field(default_factory=dict)
    edits: list[str] = field(default_factory=list)
    rewrites: list[tuple[Path, Change]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)


SKIP_DIRS = {
    ".git",
    "_build",
    "build",
    "dist",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
    "node_modules",
}
TEXT_SUFFIXES = {
    ".md",
    ".py",
    ".yml",
    ".yaml",
    ".toml",
    ".txt",
    ".js",
    ".css",
    ".html",
    ".po",
    ".cfg",
    ".sh",
    ".tex",
    ".bib",
    "",
}
OWN_FILES = {"tools/fork.py", "tests/test_fork.py"}


def _text_files(root: Path):
    """(path, text) of the repository's text files, build output and
    environments left out."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIP_DIRS
            and not d.startswith(".venv")
            and not d.endswith(".egg-info")
        )
        for file in sorted(files):
            path = Path(folder) / file
            if path.suffix not in TEXT_SUFFIXES or not path.is_file():
                continue
            try:
                yield path, path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue


def chapter_notebooks(root: Path) -> list[str]:
    """The names of the chapter notebooks of the toc."""
    from tools.toc import _entries

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [
        PurePosixPath(e).name
        for e in _entries(toc)
        if (root / f"{e}.ipynb").exists()
    ]


def _rel(path: Path, root: Path) -> str:
    return str(path.relative_to(root))


def _prune_island_catalogs(p: Plan, root: Path, book: Path) -> None:
    """The words of the islands the plan deletes leave the islands' catalog
    of each language (``locales/*/LC_MESSAGES/book/islands.po``), unless an
    island that stays shows the same words."""
    from tools.i18n import ISLANDS, po_bytes, read
    from tools.islands import messages

    gone = {f for f in p.delete if f.suffix == ".html"}
    if not gone:
        return
    kept = {
        m
        for f in sorted((book / "islands").glob("*.html"))
        if f.resolve() not in gone
        for m in messages(f.read_text(encoding="utf-8"))
    }
    for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{ISLANDS}.po")):
        catalog = read(po)
        for message_id in [m.id for m in catalog if m.id and m.id not in kept]:
            del catalog[message_id]
        p.texts[po] = po_bytes(catalog).decode("utf-8")


def plan(name: str, root: Path = ROOT) -> Plan:
    """What removing the chapter ``name`` changes, as a :class:`Plan`."""
    import nbformat

    name = PurePosixPath(name).name.removesuffix(".ipynb").removesuffix(".md")
    if name not in chapter_notebooks(root):
        raise SystemExit(
            f"{name!r} is not a chapter notebook of _toc.yml; the chapters "
            f"are: {', '.join(chapter_notebooks(root))}"
        )
    book = root / "book"
    notebook = book / f"{name}.ipynb"
    twin = book / "src" / f"{name}.md"
    twin_text = twin.read_text(encoding="utf-8")
    title = chapter_title(twin_text)
    found = targets(twin_text)
    p = Plan(name, title)

    # files that are the chapter's own
    own = [
        notebook,
        twin,
        book / "declared-numbers" / f"{name}.yml",
        root / "tests" / f"test_numbers_{name.replace('-', '_')}.py",
    ]
    catalogs = sorted((root / "locales").glob(f"*/LC_MESSAGES/book/{name}.po"))
    p.delete += [f for f in own if f.exists()] + catalogs

    # pages: other twins (and their notebooks) and the Markdown pages
    others = [nb for nb in sorted(book.glob("*.ipynb")) if nb.stem != name]
    pages = [book / "src" / f"{nb.stem}.md" for nb in others]
    pages = [t for t in pages if t.exists()]
    pages += sorted(book.glob("*.md"))
    pasted_elsewhere = set()
    rows_dropped: dict[str, tuple[set[str], str]] = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for line, markup in borrowed_glue(text, name):
            p.errors.append(
                f"{_rel(page, root)}:{line}: {markup} borrows a glued number "
                f"from {name}: compute it in this page (and glue it here) or "
                "rewrite the sentence without it"
            )
        base = page.parent.parent if page.parent.name == "src" else page.parent
        pasted_elsewhere |= {(base / f).resolve() for f in islands(text)}
        new, changes = rewrite(text, found, name, title)
        if changes:
            p.texts[page] = new
            p.rewrites += [(page, c) for c in changes]
            dropped = {
                cell.strip()
                for c in changes
                if c.after is None and c.before.startswith("|")
                for cell in c.before.strip().strip("|").split("|")
            }
            if dropped:  # with the page as it will read
                rows_dropped[page.stem] = (dropped, new)
        if changes and page.parent.name == "src":
            nb_path = book / f"{page.stem}.ipynb"
            nb = nbformat.read(nb_path, as_version=4)
            if _rewrite_notebook(nb, found, name, title):
                p.notebooks[nb_path] = nb
    for f in islands(twin_text):
        island = (book / f).resolve()
        if island.exists() and island not in pasted_elsewhere:
            p.delete.append(island)

    # declared phrases of the other pages
    for path in sorted((book / "declared-numbers").glob("*.yml")):
        if path.stem == name:
            continue
        text = path.read_text(encoding="utf-8")
        new, changes = rewrite(text, found, name, title, rows=False)
        if not changes:
            continue
        old = yaml.safe_load(text) or []
        expected = [
            {**e, "phrase": rewrite(e["phrase"], found, name, title)[0]}
            for e in old
        ]
        if (yaml.safe_load(new) or []) != expected:
            p.errors.append(
                f"{_rel(path, root)}: a declared phrase names {name} in a "
                "way this tool cannot rewrite; rewrite it as the page is"
            )
            continue
        p.texts[path] = new
        p.rewrites += [(path, c) for c in changes]

    # catalogs of the other pages
    for language_dir in sorted((root / "locales").glob("*/LC_MESSAGES")):
        language = language_dir.parent.name
        removed_po = language_dir / "book" / f"{name}.po"
        translated = (
            catalog_titles(removed_po.read_text(encoding="utf-8"), found)
            if removed_po.exists()
            else {}
        )
        for po in sorted(language_dir.rglob("*.po")):
            if po == removed_po:
                continue
            text = po.read_text(encoding="utf-8")
            cells, page_text = (
                rows_dropped.get(po.stem, (set(), ""))
                if po.parent.name == "book"
                else (set(), "")
            )
            # a removed row's cells, unless the page still says the same
            drop = {d for d in cells if d and d not in page_text}
            new, changes = rewrite_catalog(
                text, found, name, title, translated, language, drop
            )
            if changes:
                p.texts[po] = new
                p.rewrites += [(po, c) for c in changes]
                if title not in translated and any(c.after for c in changes):
                    p.edits.append(
                        f"{_rel(po, root)}: no translation of the title "
                        f"{title!r} was found; the English title stands in "
                        "the translations (translate it)"
                    )

    _prune_island_catalogs(p, root, book)

    # the toc, the chapter map, grading, syllabus
    toc = root / "_toc.yml"
    p.texts[toc] = remove_toc_entry(
        toc.read_text(encoding="utf-8"), f"book/{name}"
    )
    p.edits.append(f"_toc.yml: remove the entry book/{name}")
    chapter_map = book / "images" / "chapter-map.svg"
    if chapter_map.exists():
        p.edits.append(
            "book/images/chapter-map.svg: redrawn from the new toc "
            "(python -m tools.chapter_map)"
        )
    grading = book / "grading.yml"
    if grading.exists():
        labels = {t.label for t in found.values() if t.kind == "exercise"}
        text = grading.read_text(encoding="utf-8")
        new, removed = remove_yaml_entries(text, labels)
        if removed:
            p.texts[grading] = new
            p.edits.append(
                f"book/grading.yml: remove the autograding of its exercises "
                f"{', '.join(removed)}"
            )
    syllabus = root / "syllabus.yml"
    if syllabus.exists():
        text = syllabus.read_text(encoding="utf-8")
        changes = syllabus_changes(yaml.safe_load(text) or {}, name, title)
        if changes:
            p.texts[syllabus] = edit_syllabus(text, changes)
        for change in changes:
            gone = (
                f"glued_as {', '.join(change.places)} removed"
                if change.places
                else "its note names the chapter"
            )
            what = (
                "not covered in this fork (glued_as: [], not_covered: "
                f"{change.reason!r})"
                if change.reason
                else "still shown by another chapter"
            )
            p.edits.append(f"syllabus.yml: {change.key}: {gone}; {what}")

    # what still names the chapter and no rule covers
    p.mentions = _mentions(p, root)
    return p


def _rewrite_notebook(nb, found, name, title) -> bool:
    """Rewrite the markdown cells and figure captions and alt texts of a
    notebook in place; whether anything changed."""
    changed = False

    def fix(text):
        nonlocal changed
        new, changes = rewrite(text, found, name, title)
        changed = changed or bool(changes)
        return new

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = fix(cell.source)
        elif cell.cell_type == "code":
            options = cell.metadata.get("mystnb", {})
            for key, sub in (("figure", "caption"), ("image", "alt")):
                part = options.get(key)
                if isinstance(part, dict) and isinstance(part.get(sub), str):
                    part[sub] = fix(part[sub])
    return changed


def _mentions(p: Plan, root: Path) -> list[str]:
    """Lines that still name the chapter (its name or the first part of its
    title) in the repository as the plan leaves it, outside the files it
    deletes, the notebooks (their twins stand for them) and this tool."""
    deleted = set(p.delete)
    short = p.title.split(":")[0].strip()
    words = {p.name, p.name.replace("-", "_")}
    pattern = re.compile(
        "|".join(
            [rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in words]
            + ([re.escape(short)] if short else [])
        )
    )
    rewritten = {(path, c.line) for path, c in p.rewrites if c.after}
    found = []
    for path, text in _text_files(root):
        rel = _rel(path, root)
        if path in deleted or rel in OWN_FILES or rel == "_toc.yml":
            continue
        if rel == "book/images/chapter-map.svg":
            continue
        text = p.texts.get(path, text)
        for number, line in enumerate(text.splitlines(), 1):
            if "not_covered:" in line or (path, number) in rewritten:
                continue
            if pattern.search(line):
                shown = line.strip()
                if len(shown) > 110:
                    m = pattern.search(shown)
                    a = max(0, m.start() - 50)
                    shown = "…" + shown[a : a + 100] + "…"
                found.append(f"{rel}:{number}: {shown}")
    return found


# ----------------------------------------------------------------- apply


def apply(p: Plan, root: Path = ROOT) -> None:
    """Make the plan's changes."""
    import nbformat

    for path, nb in p.notebooks.items():
        nbformat.write(nb, path)
    for path, text in p.texts.items():
        path.write_text(text, encoding="utf-8")
    for path in p.delete:
        path.unlink()
    _check_twins(p, root)
    chapter_map = root / "book" / "images" / "chapter-map.svg"
    if chapter_map.exists():
        subprocess.run(
            [sys.executable, "-m", "tools.chapter_map"],
            cwd=root,
            check=True,
            capture_output=True,
        )


def _check_twins(p: Plan, root: Path) -> None:
    """Each rewritten chapter and its twin hold the same cells (as
    tests/test_sources.py requires).  Where the text rewrite of a twin does
    not read back as its notebook (a caption in YAML whose quoting the new
    words break), jupytext writes the twin again from the notebook, as
    ``make notebooks`` would (the notebook, written last, wins the sync)."""
    import jupytext
    import nbformat

    def same(notebook: Path, twin: Path) -> bool:
        def cells(nb):
            return [
                (c.cell_type, c.source, dict(c.metadata)) for c in nb.cells
            ]

        return cells(jupytext.read(twin)) == cells(nbformat.read(notebook, 4))

    for notebook in p.notebooks:
        twin = notebook.parent / "src" / f"{notebook.stem}.md"
        if same(notebook, twin):
            continue
        stamp = twin.stat().st_mtime
        os.utime(notebook, (stamp + 1, stamp + 1))
        subprocess.run(
            [sys.executable, "-m", "jupytext", "--sync", str(notebook)],
            cwd=root,
            check=True,
            capture_output=True,
        )
        if not same(notebook, twin):
            raise SystemExit(
                f"{_rel(twin, root)} and {_rel(notebook, root)} differ after "
                f"the rewrite: run `make notebooks NB={notebook.stem}`"
            )


# ------------------------------------------------------------------- CLI


def _shorten(text: str, width: int = 150) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _around(change: Change) -> tuple[str, str]:
    """The changed part of a line with a little context on each side."""
    before, after = change.before, change.after or ""
    i = 0
    while i < min(len(before), len(after)) and before[i] == after[i]:
        i += 1
    j = 0
    while (
        j < min(len(before), len(after)) - i
        and before[len(before) - 1 - j] == after[len(after) - 1 - j]
    ):
        j += 1
    a = max(0, i - 30)
    b_end, a_end = len(before) - j + 30, len(after) - j + 30
    lead = "…" if a else ""
    return (
        lead + before[a:b_end] + ("…" if b_end < len(before) else ""),
        lead + after[a:a_end] + ("…" if a_end < len(after) else ""),
    )


def report(p: Plan, root: Path, applied: bool) -> str:
    lines = [
        f"Removing the chapter {p.name} ({p.title})"
        + ("" if applied else ": dry run, nothing changed"),
        "",
        "Deleted:" if applied else "To delete:",
    ]
    lines += [f"  {_rel(f, root)}" for f in p.delete]
    lines += ["", "Edited:" if applied else "To edit:"]
    lines += [f"  {e}" for e in p.edits]
    lines += [
        "",
        "Cross-references into the chapter, rewritten as plain words "
        "(review each: file:line: before -> after):"
        if applied
        else "Cross-references into the chapter, to rewrite as plain words "
        "(file:line: before -> after):",
    ]
    if not p.rewrites:
        lines.append("  none")
    for path, change in p.rewrites:
        where = f"{_rel(path, root)}:{change.line}"
        if change.after is None:
            first, *rest = change.before.splitlines() or [""]
            under = f" (and the {len(rest)} lines under it)" if rest else ""
            lines.append(f"  {where}: removed: {_shorten(first)}{under}")
        else:
            before, after = _around(change)
            lines.append(f"  {where}: {before} -> {after}")
    if p.notebooks:
        lines.append(
            "  (and the same in the notebooks of those twins: "
            + ", ".join(_rel(n, root) for n in p.notebooks)
            + ")"
        )
    lines += ["", "Errors (resolve by hand):"]
    lines += [f"  {e}" for e in p.errors] or ["  none"]
    tests = [m for m in p.mentions if m.startswith("tests/")]
    lines += [
        "",
        "Tests that name the chapter (make each prove what it proves on "
        "another chapter):",
    ]
    lines += [f"  {m}" for m in tests] or ["  none"]
    lines += [
        "",
        "Still naming the chapter, left as they are (check each):",
    ]
    lines += [f"  {m}" for m in p.mentions if m not in tests] or ["  none"]
    lines += ["", "Then run `make test`."]
    return "\n".join(lines)


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.fork", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    remove = commands.add_parser(
        "remove", help="remove a chapter and everything that names it"
    )
    remove.add_argument("chapter", help="the chapter's name, e.g. log-loss")
    remove.add_argument(
        "--apply", action="store_true", help="make the changes"
    )
    remove.add_argument(
        "--force",
        action="store_true",
        help="apply even with errors (borrowed glued numbers stay, failing)",
    )
    args = parser.parse_args(argv)
    p = plan(args.chapter, root)
    if args.apply and p.errors and not args.force:
        print(report(p, root, applied=False))
        print(
            f"\nNothing changed: {len(p.errors)} error(s) above. Resolve "
            "them, or pass --force to remove the chapter anyway (the build "
            "then fails on them).",
            file=sys.stderr,
        )
        return 1
    if args.apply:
        apply(p, root)
    print(report(p, root, applied=args.apply))
    return 1 if p.errors else 0


if __name__ == "__main__":
    sys.exit(main())
