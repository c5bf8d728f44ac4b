"""Draw the map of the chapters (``book/images/chapter-map.svg``) from ``_toc.yml``.

    python -m tools.chapter_map

One panel per part of the book, stacked in reading order, each listing its
pages, numbered as the book numbers its chapters. ``make notebooks`` redraws
it and a test checks that the committed file matches the toc, so the map
cannot fall out of date.

The map is one narrow column so that it reads on every screen: the SVG is
:data:`WIDTH` points (440 CSS px) wide, and the book never enlarges it, so its
:data:`FONT` -point text is 16 CSS px on a desktop; a phone's 340 px column
scales it by 340/440, to about 12 px. Titles too long for a line wrap.
"""

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import nbformat
import yaml
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyBboxPatch
from matplotlib.textpath import TextPath

from tools.toc import ROOT

MAP = ROOT / "book" / "images" / "chapter-map.svg"

WIDTH = 330.0
"""Width of the map, in points (1 pt = 4/3 CSS px)."""
FONT = 12.0
"""Size of the text, in points."""
LINE = 1.4 * FONT
"""Height of one line of text."""
PAD = 8.0
"""Space inside a panel, around its text."""
GAP = 8.0
"""Space between two panels."""
INDENT = 12.0
"""How far a page's title is indented under its part's caption."""
COLOURS = ["#eeeeee", "#dbe9f6", "#fde9d4", "#dff2df", "#f3e3f3"]
"""Panel colours, one per part, in order (pale, for black text)."""


def _title(entry):
    """The first level-1 heading of a toc entry's page."""
    path = next(
        p
        for p in (ROOT / f"{entry}.ipynb", ROOT / f"{entry}.md")
        if p.exists()
    )
    if path.suffix == ".ipynb":
        text = "\n".join(
            c.source
            for c in nbformat.read(path, 4).cells
            if c.cell_type == "markdown"
        )
    else:
        text = path.read_text()
    return re.search(r"^# (.+)$", text, re.MULTILINE).group(1).strip()


def parts():
    """[(caption, [(number or None, title), ...]), ...] in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    result, number = [], 0
    for part in toc["parts"]:
        chapters = []
        for chapter in part["chapters"]:
            if part.get("numbered"):
                number += 1
            chapters.append(
                (
                    number if part.get("numbered") else None,
                    _title(chapter["file"]),
                )
            )
        result.append((part["caption"], chapters))
    return result


def text_width(text):
    """Width of ``text`` set in the map's (regular) font, in points."""
    font = FontProperties(size=FONT)
    return TextPath((0, 0), text, prop=font).get_extents().width


def wrap(text, width):
    """Split ``text`` at spaces into lines at most ``width`` points wide
    (a single word wider than that keeps a line of its own)."""
    lines, line = [], ""
    for word in text.split():
        longer = f"{line} {word}".strip()
        if line and text_width(longer) > width:
            lines.append(line)
            line = word
        else:
            line = longer
    return [*lines, line]


def _layout():
    """The panels, as (top, height, colour, [(x, y, text, weight), ...]),
    in points from the top left corner, and the map's total height."""
    panels, top = [], 0.0
    for index, (caption, chapters) in enumerate(parts()):
        lines = [(PAD, caption, "bold")]
        for number, title in chapters:
            # a wrapped title's next lines start under its first word
            prefix = f"{number}. " if number else ""
            hang = text_width(f"{prefix}x") - text_width("x")
            x = PAD + INDENT
            first, *rest = wrap(title, WIDTH - PAD - x - hang)
            lines.append((x, prefix + first, "normal"))
            lines += [(x + hang, line, "normal") for line in rest]
        height = 2 * PAD + LINE * len(lines)
        texts = [
            (x, top + PAD + LINE * (row + 0.5), text, weight)
            for row, (x, text, weight) in enumerate(lines)
        ]
        panels.append((top, height, COLOURS[index % len(COLOURS)], texts))
        top += height + GAP
    return panels, top - GAP


def svg(fig):
    """A figure as SVG text without a date, so that drawing it twice gives
    the same bytes; the figure is closed."""
    buffer = io.StringIO()
    fig.savefig(
        buffer, format="svg", metadata={"Date": None}, facecolor="white"
    )
    plt.close(fig)
    return buffer.getvalue()


def draw():
    """The map as SVG text (deterministic: fixed hash salt, no date)."""
    plt.rcParams.update({"svg.hashsalt": "lossbook", "svg.fonttype": "path"})
    panels, height = _layout()
    fig = plt.figure(figsize=(WIDTH / 72, height / 72), dpi=72)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(height, 0)  # y grows downwards, as the layout counts
    ax.axis("off")
    for top, panel_height, colour, texts in panels:
        ax.add_patch(
            FancyBboxPatch(
                (0.75, top + 0.75),
                WIDTH - 1.5,
                panel_height - 1.5,
                boxstyle="round,pad=0,rounding_size=6",
                facecolor=colour,
                edgecolor="#555555",
                linewidth=1.0,
            )
        )
        for x, y, text, weight in texts:
            ax.text(
                x,
                y,
                text,
                ha="left",
                va="center_baseline",
                fontsize=FONT,
                fontweight=weight,
            )
    return svg(fig)


if __name__ == "__main__":
    MAP.write_text(draw())
    print(f"wrote {MAP.relative_to(ROOT)}")
