"""Draw the map of the chapters (``book/images/chapter-map.svg``) from ``_toc.yml``.

    python -m tools.chapter_map

One column per part of the book, one box per page, numbered as the book
numbers its chapters. ``make notebooks`` redraws it and a test checks that the
committed file matches the toc, so the map cannot fall out of date.
"""

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import nbformat
import yaml

from tools.toc import ROOT

MAP = ROOT / "book" / "images" / "chapter-map.svg"


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


def draw():
    """The map as SVG text (deterministic: fixed hash salt, no date)."""
    plt.rcParams.update(
        {"svg.hashsalt": "lossbook", "svg.fonttype": "path", "font.size": 9}
    )
    columns = parts()
    rows = max(len(chapters) for _, chapters in columns)
    fig, ax = plt.subplots(figsize=(2.6 * len(columns), 0.75 * rows + 0.9))
    ax.set_xlim(0, len(columns))
    ax.set_ylim(rows + 0.9, -0.2)
    ax.axis("off")
    colours = ["#dbe9f6", "#fde9d4", "#dff2df", "#eeeeee"]
    for col, (caption, chapters) in enumerate(columns):
        ax.text(
            col + 0.5,
            0.15,
            caption,
            ha="center",
            va="center",
            fontweight="bold",
        )
        for row, (number, title) in enumerate(chapters):
            label = f"{number}. {title}" if number else title
            label = "\n".join(_wrap(label, 26))
            ax.text(
                col + 0.5,
                row + 0.9,
                label,
                ha="center",
                va="center",
                bbox={
                    "boxstyle": "round,pad=0.4",
                    "facecolor": colours[col % len(colours)],
                    "edgecolor": "#555555",
                },
            )
            if row:
                ax.annotate(
                    "",
                    xy=(col + 0.5, row + 0.62),
                    xytext=(col + 0.5, row + 0.18 + 0.0),
                    arrowprops={"arrowstyle": "->", "color": "#555555"},
                )
    buffer = io.StringIO()
    fig.savefig(
        buffer,
        format="svg",
        metadata={"Date": None},
        bbox_inches="tight",
        facecolor="white",
    )
    plt.close(fig)
    return buffer.getvalue()


def _wrap(text, width):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


if __name__ == "__main__":
    MAP.write_text(draw())
    print(f"wrote {MAP.relative_to(ROOT)}")
