"""Sphinx extension: the computed parts of *Teaching with this book*
(``book/teaching.md``).

Three directives, each measuring the chapters' twins with
``tools/teaching.py`` when the page is read (so the page is rebuilt when a
twin changes):

- ``teaching-table``: every chapter of the toc with its reading time and its
  exercises, the words and code lines the time is computed from under its
  title (three columns, to fit a phone), and the totals;
- ``chapter-graph``: a figure of the references between chapters (an arc
  joins a chapter to an earlier one it refers to, wider for more
  references), drawn as SVG and embedded in the page as a ``data:`` URI (no
  file is written into the sources; the LaTeX builder extracts and converts
  it, at :data:`PRINT_WIDTH`), followed by the same references as a list,
  with their counts, for every chapter, ahead as well as back.  The
  directive's content is the text under the figure and ``:alt:`` its alt
  text.  The figure has no number: the unnumbered pages share one count of
  figures, and ``tools/reader.py`` numbers the reader notebooks' figures
  from the ``{figure}`` blocks of the Markdown pages, so a numbered figure
  here would shift the numbers of the appendix's figures in one and not in
  the other;
- ``teaching-path``: a path through the book.  Its content is a YAML list of
  chapters, each ``name`` or ``{chapter: name, skip: [section title,
  ...]}``, or a mapping from a group's title ("First week") to such a list.
  It lists the chapters with their reading times, each group's and the
  path's total, and every reference back to a chapter or section the path
  leaves out.  A chapter or section the book does not have is a build
  error.

A chapter is shown by a reference to its label ``chapter-<name>``, so it
links there and shows its title as the book (or an edition in another
language) shows it.  The numbers are rendered by the directives, not typed
into the page's prose, and the text the directives compute is no message
for translators.
"""

import base64
from typing import ClassVar

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from tools import teaching
from tools.toc import toc_notebooks, twin

PRINT_WIDTH = "65%"
"""Width of the figure of references in the PDF, as a share of the text
width (the figure is taller than wide)."""


def _chapters(directive):
    """The book's chapters, with each twin noted as a dependency of the
    page."""
    for notebook in toc_notebooks():
        directive.env.note_dependency(str(twin(notebook)))
    return teaching.book()


def _xref(directive, chapter, text=None):
    """A link to a chapter showing ``text``, or else its title."""
    return addnodes.pending_xref(
        "",
        nodes.inline("", text or chapter.label),
        refdomain="std",
        reftype="ref",
        reftarget=chapter.label,
        refexplicit=text is not None,
        refwarn=True,
        refdoc=directive.env.docname,
    )


def _ref(directive, chapter, numbered=True):
    """A link to a chapter showing its title (after its number)."""
    if numbered and chapter.number is not None:
        return [nodes.Text(f"{chapter.number}. "), _xref(directive, chapter)]
    return [_xref(directive, chapter)]


def _paragraph(*children):
    """A paragraph of computed text.  It is no message for translators
    (tools/i18n.py): its numbers change with the chapters, and a catalog
    would hold a copy of them to go stale; the chapter titles in it are
    references, which an edition shows in its own language."""
    return nodes.paragraph("", "", *children, translatable=False)


def duration(minutes):
    """``95`` as ``1 h 35 min``, ``40`` as ``40 min``.

    The spaces do not break, so a line never ends inside a duration.

    >>> [duration(m).replace("\\N{NO-BREAK SPACE}", " ") for m in (95, 40, 120)]
    ['1 h 35 min', '40 min', '2 h']
    """
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} h"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} min")
    return "\N{NO-BREAK SPACE}".join(parts).replace(" ", "\N{NO-BREAK SPACE}")


def _short_ref(directive, chapter):
    """A link to a chapter shown short: "chapter 5", or the title of an
    unnumbered one."""
    if chapter.number is None:
        return _ref(directive, chapter)
    return [
        _xref(directive, chapter, f"chapter\N{NO-BREAK SPACE}{chapter.number}")
    ]


def _references_text(directive, chapters, pairs):
    """``chapter 2 (2 references), chapter 4 (1 reference)``, linked."""
    children = []
    for index, (name, count) in enumerate(pairs):
        if index:
            children.append(nodes.Text(", "))
        children += _short_ref(directive, chapters[name])
        noun = "reference" if count == 1 else "references"
        children.append(nodes.Text(f" ({count}\N{NO-BREAK SPACE}{noun})"))
    return children


class TeachingTable(SphinxDirective):
    """The chapters' reading times and exercises, and their totals.  Three
    columns, so that the table fits a phone: the words and code lines a
    time is computed from stand under each chapter's title."""

    HEADERS = ("Chapter", "Minutes", "Exercises")

    def run(self):
        chapters = list(_chapters(self).values())
        body = nodes.tbody()
        for c in chapters:
            body += self._row(
                _ref(self, c), c.words, c.code_lines, c.minutes, c.exercises
            )
        body += self._row(
            [nodes.strong("", "Total")],
            sum(c.words for c in chapters),
            sum(c.code_lines for c in chapters),
            sum(c.minutes for c in chapters),
            sum(c.exercises for c in chapters),
        )
        table = nodes.table(classes=["lossbook-teaching-table"])
        group = nodes.tgroup(cols=len(self.HEADERS))
        table += group
        for width in (60, 20, 20):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        row = nodes.row()
        for header in self.HEADERS:
            entry = nodes.entry()
            entry += _paragraph(nodes.Text(header))
            row += entry
        head += row
        group += head
        group += body
        return [table]

    @staticmethod
    def _row(chapter, words, code_lines, minutes, exercises):
        row = nodes.row()
        entry = nodes.entry()
        entry += _paragraph(*chapter)
        entry += _paragraph(
            nodes.emphasis(
                "",
                f"{words:,d}\N{NO-BREAK SPACE}words, "
                f"{code_lines:,d}\N{NO-BREAK SPACE}code lines",
            )
        )
        row += entry
        for number in (minutes, exercises):
            entry = nodes.entry(classes=["lossbook-number"])
            entry += _paragraph(nodes.Text(f"{number:,d}"))
            row += entry
        return row


class ChapterGraph(SphinxDirective):
    """The references between chapters, as a figure and as a list."""

    has_content = True
    option_spec: ClassVar[dict] = {"alt": directives.unchanged}

    def run(self):
        chapters = _chapters(self)
        order = list(chapters)
        counts = teaching.cross_references(
            {name: c.text for name, c in chapters.items()}
        )
        back = teaching.backward(counts, order)
        svg = teaching.draw_graph(list(chapters.values()), back)
        uri = "data:image/svg+xml;base64," + base64.b64encode(
            svg.encode("utf-8")
        ).decode("ascii")
        alt = self.options.get("alt") or (
            "The chapters in reading order, each joined by an arc to every "
            "earlier chapter it refers to."
        )
        figure = nodes.figure(classes=["lossbook-chapter-graph"])
        figure += nodes.image(uri=uri, alt=alt)
        if self.content:
            # a legend, not a caption: Sphinx numbers a figure with a
            # caption, and tools/reader.py, which numbers the figures of the
            # reader notebooks, counts a Markdown page's {figure} blocks only
            legend = nodes.legend()
            legend += self.parse_content_to_nodes()
            figure += legend
        self.set_source_info(figure)
        return [figure, self._list(chapters, counts, back)]

    def _list(self, chapters, counts, back):
        """Each chapter with the chapters it refers to, back and ahead."""
        items = nodes.bullet_list(classes=["lossbook-chapter-references"])
        for name, chapter in chapters.items():
            earlier = [(b, n) for (a, b), n in back.items() if a == name]
            later = [
                (b, n)
                for (a, b), n in counts.items()
                if a == name and (a, b) not in back
            ]
            earlier.sort(key=lambda pair: list(chapters).index(pair[0]))
            later.sort(key=lambda pair: list(chapters).index(pair[0]))
            children = [*_ref(self, chapter), nodes.Text(": ")]
            if earlier:
                children.append(nodes.Text("refers back to "))
                children += _references_text(self, chapters, earlier)
            else:
                children.append(nodes.Text("refers to no earlier chapter"))
            if later:
                children.append(nodes.Text("; points ahead to "))
                children += _references_text(self, chapters, later)
            children.append(nodes.Text("."))
            item = nodes.list_item()
            item += _paragraph(*children)
            items += item
        return items


class TeachingPath(SphinxDirective):
    """A path through the book: its chapters, times, and what it leaves
    out that it refers back to."""

    has_content = True

    def run(self):
        chapters = _chapters(self)
        try:
            spec = yaml.safe_load("\n".join(self.content)) or []
            groups = spec if isinstance(spec, dict) else {None: spec}
            assigned = {
                group: teaching.path(items or [], chapters)
                for group, items in groups.items()
            }
        except (yaml.YAMLError, teaching.PathError, AttributeError) as error:
            raise self.error(f"teaching-path: {error}") from error
        everything = [c for group in assigned.values() for c in group]
        if None in assigned:
            result = [self._list(assigned[None])]
        else:
            result = [nodes.bullet_list(classes=["lossbook-teaching-path"])]
            for group, chosen in assigned.items():
                minutes = sum(c.minutes for c in chosen)
                item = nodes.list_item()
                item += _paragraph(
                    nodes.strong("", str(group)),
                    nodes.Text(f": {duration(minutes)}"),
                )
                item += self._list(chosen)
                result[0] += item
        minutes = sum(c.minutes for c in everything)
        exercises = sum(c.exercises for c in everything)
        result.append(
            _paragraph(
                nodes.strong("", "Total: "),
                nodes.Text(
                    f"{duration(minutes)} of reading in {len(everything)} "
                    f"chapters, and {exercises} exercises to choose from."
                ),
            )
        )
        result.append(self._outside(everything, chapters))
        return result

    def _list(self, chosen):
        items = nodes.bullet_list(classes=["lossbook-teaching-path"])
        for chapter in chosen:
            children = [*_ref(self, chapter), nodes.Text(": ")]
            if chapter.skip:
                children.append(nodes.Text("without "))
                for index, title in enumerate(chapter.skip):
                    if index:
                        children.append(nodes.Text(" and "))
                    children.append(nodes.emphasis("", title))
                children.append(nodes.Text(", "))
            noun = "exercise" if chapter.exercises == 1 else "exercises"
            children.append(
                nodes.Text(
                    f"{duration(chapter.minutes)}, {chapter.exercises} {noun}"
                )
            )
            item = nodes.list_item()
            item += _paragraph(*children)
            items += item
        return items

    def _outside(self, everything, chapters):
        """What the path refers back to and leaves out, or that it is
        closed."""
        outside = teaching.outside(everything, chapters)
        if not outside:
            return _paragraph(
                nodes.Text(
                    "Every chapter and section the path refers back to is "
                    "on it."
                )
            )
        order = list(chapters)
        children = [nodes.Text("The path refers back to what it leaves out: ")]
        for index, ((a, b), n) in enumerate(
            sorted(
                outside.items(),
                key=lambda kv: (order.index(kv[0][0]), order.index(kv[0][1])),
            )
        ):
            if index:
                children.append(nodes.Text("; "))
            children += _ref(self, chapters[a], numbered=False)
            children.append(nodes.Text(" to "))
            children += _references_text(self, chapters, [(b, n)])
        children.append(nodes.Text("."))
        return _paragraph(*children)


class GraphInPrint(SphinxPostTransform):
    """In the PDF, the figure is set at :data:`PRINT_WIDTH` of the text
    width: at full width it would fill the page's height and push its
    caption into the footer."""

    default_priority = 100
    formats = ("latex",)

    def run(self, **kwargs):
        for figure in self.document.findall(nodes.figure):
            if "lossbook-chapter-graph" in figure["classes"]:
                for image in figure.findall(nodes.image):
                    image["width"] = PRINT_WIDTH


def setup(app):
    app.add_post_transform(GraphInPrint)
    app.add_directive("teaching-table", TeachingTable)
    app.add_directive("chapter-graph", ChapterGraph)
    app.add_directive("teaching-path", TeachingPath)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
