"""What an instructor needs to plan a unit, computed from the chapters'
twins (``book/src/<name>.md``): how long each chapter takes to read, how many
exercises it has, and which chapters it refers to.

    python -m tools.teaching     # the table, the references and the paths

The page *Teaching with this book* (``book/teaching.md``) shows these
through the directives of ``tools/sphinx_teaching.py``; nothing here is typed
into its prose.

**Reading time** is the chapter's main text, everything but its
``## Exercises`` section:

- its *words*: the words of the Markdown cells and of the figure captions,
  without MyST markup (directive fences and options, labels, cell breaks,
  comments, link targets, list markers and table rules).  A role counts by
  the words it shows: a term or a link by its text, a glued number, a
  reference or a citation as one word.  Formulas count too, split at spaces
  as the source writes them;
- read at :data:`WORDS_PER_MINUTE`;
- its *code lines*: the non-blank lines of the code cells a reader sees,
  as the book shows them (a cell tagged ``hide-input`` or ``remove-input``
  is folded away and not counted, nor is a ``glue`` call, which the book
  leaves out: ``tools/plumbing.py``), at :data:`SECONDS_PER_CODE_LINE`
  each.

**Exercises** are the ``{exercise}`` directives of the chapter.

**References** between chapters are the ``{ref}`` and ``{numref}`` roles of
a chapter's prose (exercises included) whose target, a ``(label)=``, an
exercise's ``:label:`` or a figure's ``name``, is defined in *another*
chapter.  A reference to an earlier chapter in the toc is a prerequisite; one
to a later chapter is a pointer ahead.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tools.plumbing import without_glue
from tools.toc import numbered_entries, toc_notebooks, twin

WORDS_PER_MINUTE = 200
"""Reading rate of the prose.  An input, not a measurement of this book:
a meta-analysis of reading studies (Brysbaert 2019) puts silent reading of
English non-fiction at about 238 words a minute; technical text with
formulas is read more slowly, so the book assumes 200."""

SECONDS_PER_CODE_LINE = 10
"""Time to read one line of code and run its cell.  An input, the authors'
estimate for short NumPy cells (no published rate applies)."""

CODE_CELL = re.compile(
    r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```[ \t]*$\n?", re.M | re.S
)
EXERCISE = re.compile(r"^```\{exercise\}", re.M)
HEADING = re.compile(r"^(?P<hashes>#{1,6}) (?P<title>.+?)\s*$", re.M)
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
REFERENCE_ROLES = ("ref", "numref")
ONE_WORD_ROLES = ("ref", "numref", "doc", "eq", "cite", "glue")
HIDDEN_TAGS = {"hide-input", "remove-input", "remove-cell"}
MARKUP_LINE = re.compile(
    r"^\s*(?:```|:::|\+\+\+|\([\w-]+\)=\s*$|:[\w-]+:(?:\s|$))"
)
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M)
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.M)
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
COMMENT = re.compile(r"<!--.*?-->", re.S)
WORD = re.compile(r"\w")
LABEL_LINE = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$", re.M)
LABEL_OPTION = re.compile(r"^:(?:label|name): *(?P<label>[\w-]+)\s*$", re.M)
EXERCISES_HEADING = "Exercises"


# --- the parts of a twin ---------------------------------------------------


@dataclass
class Cell:
    """A code cell of a twin: its code and its options."""

    code: str
    options: dict = field(default_factory=dict)

    @property
    def tags(self):
        return set(self.options.get("tags", []) or [])

    @property
    def caption(self):
        figure = (self.options.get("mystnb") or {}).get("figure") or {}
        return figure.get("caption", "")

    @property
    def name(self):
        figure = (self.options.get("mystnb") or {}).get("figure") or {}
        return figure.get("name")


def _cell(body):
    """A code cell's body split into its options and its code: a YAML
    block between ``---`` lines, or ``:key: value`` lines, then the code."""
    lines = body.splitlines()
    if lines and lines[0].strip() == "---":
        end = next(
            i for i in range(1, len(lines)) if lines[i].strip() == "---"
        )
        options = yaml.safe_load("\n".join(lines[1:end])) or {}
        return Cell("\n".join(lines[end + 1 :]), options)
    options = {}
    while lines and (match := re.match(r"^:([\w-]+):\s*(.*)$", lines[0])):
        options[match.group(1)] = yaml.safe_load(match.group(2))
        lines = lines[1:]
    return Cell("\n".join(lines), options)


@functools.cache
def split(text):
    """A twin's text as (its Markdown without code cells, its code cells).

    Cached: the teaching page asks for each chapter's parts some thirty
    times in a build, and parsing the cells' YAML options is the slow part.
    """
    cells = tuple(_cell(m.group("body")) for m in CODE_CELL.finditer(text))
    return CODE_CELL.sub("\n", text), cells


SECTION = re.compile(
    r"^(?:\([\w-]+\)=[ \t]*\n\s*)*## (?P<title>.+?)[ \t]*$", re.M
)


@dataclass
class Section:
    """A level-2 section of a twin (``title`` ``None`` for the text before
    the first one), with the label lines just above its heading."""

    title: str | None
    text: str


def sections(text):
    """A twin cut at its ``## `` headings (not at a ``## `` comment in a code
    cell), into :class:`Section` s that join back into ``text``."""
    code = [(m.start(), m.end()) for m in CODE_CELL.finditer(text)]
    cuts = [
        m
        for m in SECTION.finditer(text)
        if not any(a <= m.start() < b for a, b in code)
    ]
    found, start, title = [], 0, None
    for match in cuts:
        found.append(Section(title, text[start : match.start()]))
        start, title = match.start(), match.group("title")
    found.append(Section(title, text[start:]))
    return found


def main_text(text, skip=()):
    """A twin's text without its ``## Exercises`` section, nor the sections
    titled in ``skip``."""
    return "".join(
        s.text
        for s in sections(text)
        if s.title != EXERCISES_HEADING and s.title not in skip
    )


# --- what the functions count ---------------------------------------------


def _role_text(match):
    role, content = match.group("role"), match.group("content")
    explicit = EXPLICIT.match(content)
    if (
        explicit
        and role not in ("glue", "cite")
        and not role.startswith(("glue:", "cite:"))
    ):
        return f" {explicit.group('text')} "
    if role.split(":")[0] in ONE_WORD_ROLES:
        return " X "
    return f" {content} "


def prose_words(markdown):
    """The words of a piece of MyST Markdown (no code cells in it), by the
    rule of the module docstring.

    >>> prose_words("(sec-a)=\\n## A title\\n\\nSee {ref}`sec-b`, $x = 1$.")
    6
    """
    text = COMMENT.sub(" ", markdown)
    text = "\n".join(
        line for line in text.splitlines() if not MARKUP_LINE.match(line)
    )
    text = TABLE_RULE.sub(" ", text)
    text = LIST_MARKER.sub(" ", text)
    text = LINK.sub(lambda m: f" {m.group('text')} ", text)
    text = ROLE.sub(_role_text, text)
    return sum(1 for token in text.split() if WORD.search(token))


def words(text, skip=()):
    """Words of a twin's main text (without its exercises, nor the
    sections titled in ``skip``): its Markdown cells and figure captions."""
    markdown, cells = split(main_text(text, skip))
    return prose_words(markdown) + sum(
        prose_words(cell.caption) for cell in cells
    )


def code_lines(text, skip=()):
    """Non-blank code lines of the cells a reader sees in a twin's main
    text, as the book shows them: not the cells folded away with
    ``hide-input`` and the like, nor the ``glue`` calls that hand numbers to
    the prose (``tools/plumbing.py``)."""
    _, cells = split(main_text(text, skip))
    return sum(
        1
        for cell in cells
        if not cell.tags & HIDDEN_TAGS
        for line in without_glue(cell.code).splitlines()
        if line.strip()
    )


def exercises(text):
    """The number of ``{exercise}`` directives in a twin."""
    return len(EXERCISE.findall(text))


def reading_minutes(
    n_words,
    n_code_lines,
    words_per_minute=WORDS_PER_MINUTE,
    seconds_per_code_line=SECONDS_PER_CODE_LINE,
):
    """Minutes to read ``n_words`` of prose and ``n_code_lines`` of code,
    rounded up to a whole minute.

    >>> reading_minutes(400, 12)  # 2 min of prose, 2 min of code
    4
    """
    seconds = n_words * 60 / words_per_minute + n_code_lines * (
        seconds_per_code_line
    )
    return math.ceil(round(seconds, 6) / 60)


def labels(text):
    """The labels a twin defines: ``(label)=`` targets, ``:label:`` and
    ``:name:`` options of directives, and the ``name`` of each figure made
    by a code cell."""
    markdown, cells = split(text)
    found = set(LABEL_LINE.findall(markdown)) | set(
        LABEL_OPTION.findall(markdown)
    )
    return found | {cell.name for cell in cells if cell.name}


def references(text):
    """The targets of the ``{ref}`` and ``{numref}`` roles in a twin's
    prose, in order, with repeats (``text <target>`` gives ``target``)."""
    markdown, _ = split(text)
    found = []
    for match in ROLE.finditer(markdown):
        if match.group("role") not in REFERENCE_ROLES:
            continue
        content = match.group("content")
        explicit = EXPLICIT.match(content)
        found.append(explicit.group("target") if explicit else content.strip())
    return found


def title(text):
    """A twin's title, its level-1 heading."""
    return next(
        m.group("title")
        for m in HEADING.finditer(split(text)[0])
        if m.group("hashes") == "#"
    )


# --- the book --------------------------------------------------------------


@dataclass
class Chapter:
    """One chapter of the toc, measured from its twin (``skip``: the
    sections left out, whose words and code do not count)."""

    name: str
    number: int | None
    title: str
    text: str
    skip: tuple = ()

    @property
    def label(self):
        return f"chapter-{self.name}"

    @property
    def words(self):
        return words(self.text, self.skip)

    @property
    def code_lines(self):
        return code_lines(self.text, self.skip)

    @property
    def exercises(self):
        return exercises(self.text)

    @property
    def minutes(self):
        return reading_minutes(self.words, self.code_lines)

    @property
    def section_titles(self):
        return [s.title for s in sections(self.text) if s.title is not None]


def book(notebooks=None):
    """Every chapter of the toc, in reading order: ``{name: Chapter}``."""
    notebooks = toc_notebooks() if notebooks is None else notebooks
    numbered = numbered_entries()
    found, number = {}, 0
    for notebook in notebooks:
        entry = f"book/{notebook.stem}"
        if entry in numbered:
            number += 1
        text = Path(twin(notebook)).read_text(encoding="utf-8")
        found[notebook.stem] = Chapter(
            name=notebook.stem,
            number=number if entry in numbered else None,
            title=title(text),
            text=text,
        )
    return found


def owners(texts):
    """Where each label is defined: ``{label: (chapter, section title)}``
    over the twins' ``{name: text}`` (the section ``None`` before the first
    ``## `` heading)."""
    found = {}
    for name, text in texts.items():
        for section in sections(text):
            for label in labels(section.text):
                found[label] = (name, section.title)
    return found


def cross_references(texts):
    """References between chapters: ``{(from, to): count}`` over the twins'
    ``{name: text}``.  A reference within a chapter is left out, and so is
    one whose target no twin defines (a page that is not a chapter)."""
    where = owners(texts)
    counts = {}
    for name, text in texts.items():
        for target in references(text):
            owner = where.get(target, (None,))[0]
            if owner is not None and owner != name:
                counts[(name, owner)] = counts.get((name, owner), 0) + 1
    return counts


def backward(counts, order):
    """The references of ``counts`` to an earlier chapter of ``order``: the
    prerequisites.  The rest point ahead."""
    position = {name: i for i, name in enumerate(order)}
    return {
        (a, b): n for (a, b), n in counts.items() if position[b] < position[a]
    }


# --- paths through the book ------------------------------------------------


class PathError(ValueError):
    """A path names a chapter or a section the book does not have."""


def path(spec, chapters):
    """The chapters a path assigns, as :class:`Chapter` s with their
    skipped sections, from ``spec``: a list of chapter names, each either
    ``name`` or ``{"chapter": name, "skip": [section title, ...]}``."""
    found = []
    for item in spec:
        if isinstance(item, str):
            item = {"chapter": item}
        name, skip = item.get("chapter"), tuple(item.get("skip", ()))
        if name not in chapters:
            raise PathError(f"no chapter {name!r} in the toc")
        unknown = [s for s in skip if s not in chapters[name].section_titles]
        if unknown:
            raise PathError(f"{name} has no section titled {unknown}")
        chapter = chapters[name]
        found.append(
            Chapter(
                chapter.name, chapter.number, chapter.title, chapter.text, skip
            )
        )
    return found


def outside(assigned, chapters):
    """What an assigned path refers back to that it does not assign: a
    chapter it leaves out, or a section it skips.  ``{(from chapter, to
    chapter): count}``, counting the references in the parts assigned (an
    assigned chapter's exercises included)."""
    texts = {name: c.text for name, c in chapters.items()}
    where = owners(texts)
    order = list(chapters)
    kept = {c.name: set(c.skip) for c in assigned}
    counts = {}
    for chapter in assigned:
        text = "".join(
            s.text
            for s in sections(chapter.text)
            if s.title not in chapter.skip
        )
        for target in references(text):
            if target not in where:
                continue
            owner, section = where[target]
            if order.index(owner) >= order.index(chapter.name):
                continue  # a pointer ahead, or within the chapter
            if owner in kept and section not in kept[owner]:
                continue
            key = (chapter.name, owner)
            counts[key] = counts.get(key, 0) + 1
    return counts


# --- the figure ------------------------------------------------------------

GRAPH_WIDTH = 330.0
"""Width of the figure of references, in points: as the chapter map
(``tools/chapter_map.py``), 440 CSS px, never enlarged, so its 12-point text
is 16 px on a desktop and about 12 px in a phone's column."""
GRAPH_BOXES = 200.0
"""Width of the column of chapter boxes; the arcs use the rest."""
GRAPH_COLOUR = "#2a5d8f"


def _graph_layout(chapters):
    """Each chapter's box as (top, height, [lines of its title]), and the
    figure's height, in points from the top."""
    from tools.chapter_map import GAP, LINE, PAD, text_width, wrap

    boxes, top = [], 0.0
    for chapter in chapters:
        prefix = f"{chapter.number}. " if chapter.number else ""
        hang = text_width(f"{prefix}x") - text_width("x")
        first, *rest = wrap(chapter.title, GRAPH_BOXES - 2 * PAD - hang)
        lines = [(PAD, prefix + first)] + [(PAD + hang, line) for line in rest]
        # at least two lines high, so that a box has room for its arcs
        height = 2 * PAD + LINE * max(2, len(lines))
        shift = LINE * (max(2, len(lines)) - len(lines)) / 2
        boxes.append((top, height, [(x, t, shift) for x, t in lines]))
        top += height + GAP
    return boxes, top - GAP


def _graph_ends(boxes, position, edges, span):
    """Where each arc meets its boxes: ``{(later, earlier, chapter): (x,
    y)}``.  A box's arcs are spread down its right edge, those to earlier
    chapters above those to later ones, and each group ordered so that the
    arcs do not cross where they leave the box."""
    ends = {}
    names = sorted(position, key=position.get)
    for name in names:
        up = [
            e
            for e in edges
            if name in e
            and position[e[0] if e[1] == name else e[1]] < position[name]
        ]
        down = [e for e in edges if name in e and e not in up]
        up.sort(key=lambda e: -span[e])
        down.sort(key=lambda e: span[e])
        arcs = up + down
        top, height, _ = boxes[position[name]]
        margin = min(8.0, height / 4)
        for index, edge in enumerate(arcs):
            share = (index + 1) / (len(arcs) + 1)
            y = top + margin + (height - 2 * margin) * share
            ends[(*edge, name)] = (GRAPH_BOXES, y)
    return ends


def draw_graph(chapters, edges):
    """The figure of references as SVG text (deterministic: fixed hash
    salt, no date, text drawn as paths).  ``chapters`` in reading order;
    ``edges``: ``{(later, earlier): count}``, each drawn as an arc on the
    right of the boxes, reaching further out for chapters further apart and
    wider for more references."""

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch, PathPatch
    from matplotlib.path import Path as Curve

    from tools.chapter_map import FONT, LINE, PAD, svg

    boxes, height = _graph_layout(chapters)
    position = {c.name: i for i, c in enumerate(chapters)}
    plt.rcParams.update({"svg.hashsalt": "lossbook", "svg.fonttype": "path"})
    fig = plt.figure(figsize=(GRAPH_WIDTH / 72, height / 72), dpi=72)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, GRAPH_WIDTH)
    ax.set_ylim(height, 0)
    ax.axis("off")
    span = {(a, b): abs(position[a] - position[b]) for a, b in edges}
    longest = max(span.values(), default=1)
    reach = GRAPH_WIDTH - GRAPH_BOXES - 14.0
    ends = _graph_ends(boxes, position, edges, span)
    for (a, b), count in sorted(edges.items(), key=lambda kv: -span[kv[0]]):
        (xa, ya), (xb, yb) = ends[(a, b, a)], ends[(a, b, b)]
        x1 = GRAPH_BOXES + reach * span[(a, b)] / longest * 4 / 3
        curve = Curve(  # a cubic's apex lies 3/4 of the way to its controls
            [(xa, ya), (x1, ya), (x1, yb), (xb, yb)],
            [Curve.MOVETO, Curve.CURVE4, Curve.CURVE4, Curve.CURVE4],
        )
        ax.add_patch(
            PathPatch(
                curve,
                facecolor="none",
                edgecolor=GRAPH_COLOUR,
                linewidth=1.0 + 0.75 * (count - 1),
                capstyle="butt",
            )
        )
        if count > 1:
            ax.text(
                GRAPH_BOXES + reach * span[(a, b)] / longest,
                (ya + yb) / 2,
                str(count),
                ha="center",
                va="center",
                fontsize=FONT - 1,
                zorder=5,
                bbox={
                    "boxstyle": "round,pad=0.15",
                    "facecolor": "white",
                    "edgecolor": GRAPH_COLOUR,
                    "linewidth": 0.8,
                },
            )
    for (top, box_height, lines), chapter in zip(boxes, chapters, strict=True):
        ax.add_patch(
            FancyBboxPatch(
                (0.75, top + 0.75),
                GRAPH_BOXES - 1.5,
                box_height - 1.5,
                boxstyle="round,pad=0,rounding_size=6",
                facecolor="#dbe9f6" if chapter.number else "#eeeeee",
                edgecolor="#555555",
                linewidth=1.0,
                zorder=3,
            )
        )
        for row, (x, text, shift) in enumerate(lines):
            ax.text(
                x,
                top + PAD + shift + LINE * (row + 0.5),
                text,
                ha="left",
                va="center_baseline",
                fontsize=FONT,
                zorder=4,
            )
    return svg(fig)


if __name__ == "__main__":
    chapters = book()
    order = list(chapters)
    counts = cross_references({n: c.text for n, c in chapters.items()})
    back = backward(counts, order)
    for c in chapters.values():
        print(
            f"{c.number or '-':>2} {c.name:22} {c.words:6d} words "
            f"{c.code_lines:5d} code lines {c.minutes:4d} min "
            f"{c.exercises:3d} exercises"
        )
    print(
        "total",
        sum(c.minutes for c in chapters.values()),
        "min,",
        sum(c.exercises for c in chapters.values()),
        "exercises",
    )
    for (a, b), n in sorted(
        counts.items(), key=lambda kv: order.index(kv[0][0])
    ):
        kind = "back" if (a, b) in back else "ahead"
        print(f"{a:22} -> {b:22} {n:3d} {kind}")
