"""Sphinx extension: pages that fit every screen.

``static/lossbook-screens.css`` makes long inline code and API signatures
wrap, gives wide math a scroll box of its own with a visible edge, sizes code
cells so a 79-column line fits a desktop column, keeps figures at their
natural size, dims them in dark mode instead of showing a white sheet, and
gives captions the contrast of body text; ``static/lossbook-screens.js``
gives a formula that scrolls a tab stop, so a keyboard can scroll it.

One transform: the theme lays inline math out as a box, and a browser may
break a line between that box and the comma after it, leaving the comma
alone at the start of a line (or an opening parenthesis alone at the end of
one).  Math next to punctuation is wrapped with it in a
``<span class="lossbook-nowrap">``.

And one repair for screen readers: the bibliography's list items get the
role a list needs.
"""

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

PUNCTUATION = re.compile(r"[.,;:!?)\]]+")
OPENING = re.compile(r"[(\[]+$")


class KeepPunctuationWithMath(SphinxPostTransform):
    """``($x$),`` becomes ``<span class="lossbook-nowrap">($x$),</span>``."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs):
        for math in list(self.document.findall(nodes.math)):
            parent = math.parent
            index = parent.index(math)
            before = parent[index - 1] if index > 0 else None
            after = parent[index + 1] if index + 1 < len(parent) else None
            opening = closing = None
            if isinstance(before, nodes.Text):
                opening = OPENING.search(before.astext())
            if isinstance(after, nodes.Text):
                closing = PUNCTUATION.match(after.astext())
            if opening is None and closing is None:
                continue
            wrapper = nodes.inline(classes=["lossbook-nowrap"])
            parent.replace(math, wrapper)
            if opening is not None:
                _keep(parent, before, before.astext()[: opening.start()])
                wrapper += nodes.Text(opening.group())
            wrapper += math
            if closing is not None:
                wrapper += nodes.Text(closing.group())
                _keep(parent, after, after.astext()[closing.end() :])


def _keep(parent, text_node, rest):
    """Replace ``text_node`` by the text ``rest``, or drop it if empty."""
    if rest:
        parent.replace(text_node, nodes.Text(rest))
    else:
        parent.remove(text_node)


def _fix_bibliography_roles(app, pagename, templatename, context, doctree):
    """Docutils marks each reference of a bibliography ``role="doc-
    biblioentry"`` inside a ``role="list"``: a role deprecated in DPUB-ARIA
    1.1, and not the ``listitem`` a list requires (axe-core's
    aria-required-children, critical)."""
    if "body" in context:
        context["body"] = context["body"].replace(
            'role="doc-biblioentry"', 'role="listitem"'
        )


def setup(app):
    app.add_css_file("lossbook-screens.css")
    app.add_js_file("lossbook-screens.js")
    app.add_post_transform(KeepPunctuationWithMath)
    app.connect("html-page-context", _fix_bibliography_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
