"""Sphinx extension: readers see the computation, not the plumbing.

A chapter's code cells hand their numbers to the prose with ``glue`` calls
(``lossbook.notebook``).  The stored notebooks keep them (nbval and the
numbers' tests read the glued values there); the pages show each cell as
:func:`tools.plumbing.without_glue` rewrites it: a call that only hands over
a named value is left out, one that computes is shown as that computation.
A cell that held nothing but glue calls shows no input, only its outputs.
HTML and PDF read the same doctree, so both show the same code.
"""

import sys
from pathlib import Path

from docutils import nodes

# Jupyter Book puts tools/ on the path for local extensions; the book's own
# modules are imported as tools.<name>, from the repository's root.
ROOT = Path(__file__).resolve().parent.parent


def _is_cell_input(node):
    return isinstance(node, nodes.container) and "cell_input" in node.get(
        "classes", []
    )


def _strip_glue(app, doctree):
    from tools.plumbing import without_glue

    if not app.env.doc2path(app.env.docname).endswith(".ipynb"):
        return
    for cell_input in list(doctree.findall(_is_cell_input)):
        for block in cell_input.findall(nodes.literal_block):
            shown = without_glue(block.astext())
            if shown == block.astext():
                continue
            if not shown.strip():
                cell_input.parent.remove(cell_input)
                break
            block.children = [nodes.Text(shown)]
            block.rawsource = shown


def setup(app):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    app.connect("doctree-read", _strip_glue)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
