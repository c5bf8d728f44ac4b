"""The words of the book's interactive figures ("islands", ``book/islands/``).

An island is hand-written HTML; its script (``static/lossbook-islands.js``)
writes only numbers.  Its words are translated as *units*, each one message
of the islands' catalog (``locales/<language>/LC_MESSAGES/book/islands.po``):

- the inner HTML of each outermost ``figcaption``, ``legend``, ``label`` and
  ``p`` (a unit inside another unit belongs to the outer one), and of each
  ``span`` directly inside ``output`` (one clause of the read-out);
- each ``aria-label`` attribute's value (outside a unit);
- but no unit whose text has no letters (a radio button's label ``" 0"``).

A unit's inline markup (``<i>``, ``<sub>``, ``<b data-out=...>`` where the
script writes a number) stays inside its message, so that a translation can
move it within the sentence; leading and trailing white space stays outside.
The English files are the single source: an edition's build translates them
as it reads a page (``tools/sphinx_islands.py``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

UNITS = frozenset({"figcaption", "legend", "label", "p"})
VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"source", "track", "wbr"}
)
ARIA = re.compile(r"""\baria-label=(["'])(.*?)\1""", re.S)
LETTER = re.compile(r"[^\W\d_]")


class _Units(HTMLParser):
    """The (start, end) offsets of every unit in the source."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.starts = [0]
        for line in html.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.open: list[tuple[str, int, bool]] = []  # tag, inner start, unit
        self.spans: list[tuple[int, int]] = []
        self.feed(html)
        self.close()

    def _here(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def _in_unit(self) -> bool:
        return any(unit for _, _, unit in self.open)

    def handle_starttag(self, tag, attrs):
        start = self._here()
        text = self.get_starttag_text() or ""
        if not self._in_unit():
            for m in ARIA.finditer(text):
                self.spans.append((start + m.start(2), start + m.end(2)))
        if tag in VOID:
            return
        parent = self.open[-1][0] if self.open else None
        unit = not self._in_unit() and (
            tag in UNITS or (tag == "span" and parent == "output")
        )
        self.open.append((tag, start + len(text), unit))

    def handle_endtag(self, tag):
        end = self._here()
        while self.open:
            name, inner, unit = self.open.pop()
            if name == tag:
                if unit:
                    self.spans.append((inner, end))
                return


def _units(html: str) -> list[tuple[int, int]]:
    """The units' offsets, white space trimmed, in file order; only those
    with letters."""
    found = []
    for start, end in sorted(_Units(html).spans):
        text = html[start:end]
        start += len(text) - len(text.lstrip())
        end -= len(text) - len(text.rstrip())
        if LETTER.search(re.sub(r"<[^>]*>|&\w+;", "", html[start:end])):
            found.append((start, end))
    return found


def messages(html: str) -> list[str]:
    """The distinct units of an island, in file order.

    >>> for message in messages(
    ...     '<figure aria-label="A plot"><figcaption>Try <i>it</i>'
    ...     '</figcaption><label><input type="radio"> 0</label>'
    ...     '<output><span><i>a</i> = <b data-out="a"></b>;</span>'
    ...     '<span>loss <b data-out="l"></b></span></output>'
    ...     '<p class="k"><span>log loss</span> <span>its tangent</span></p>'
    ...     '<label> Try <i>it</i> </label></figure>'
    ... ):
    ...     print(message)
    A plot
    Try <i>it</i>
    <i>a</i> = <b data-out="a"></b>;
    loss <b data-out="l"></b>
    <span>log loss</span> <span>its tangent</span>
    """
    return list(dict.fromkeys(html[s:e] for s, e in _units(html)))


def translate(html: str, mapping: dict[str, str]) -> str:
    """The island with each unit replaced by its translation in ``mapping``
    (a unit without one stays as it is).

    >>> translate('<p class="k">Loss: <i>a</i></p><label> 0</label>'
    ...           '<svg aria-label="A plot"></svg>',
    ...           {"Loss: <i>a</i>": "损失：<i>a</i>", "A plot": "一幅图"})
    '<p class="k">损失：<i>a</i></p><label> 0</label><svg aria-label="一幅图"></svg>'
    """
    parts = []
    last = 0
    for start, end in _units(html):
        parts += [
            html[last:start],
            mapping.get(html[start:end]) or html[start:end],
        ]
        last = end
    return "".join(parts) + html[last:]
