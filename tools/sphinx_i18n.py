"""Sphinx extension for the book's editions in other languages
(``tools/i18n.py`` builds them).

Sphinx parses each translated message as a small document of its own and
moves its nodes into the page; each node keeps a reference to that small
document, whose settings hold the whole build environment.  Pickled with
the page, every translated page weighed 3.5 MB instead of kilobytes, and
reading them back for cross-references and the search data made the Chinese
build three times slower than the English one.  After reading, every node
is pointed back at its page.
"""

from docutils import nodes


def _adopt_translated_nodes(app, doctree):
    for node in doctree.findall(nodes.Node):
        if getattr(node, "_document", None) not in (None, doctree):
            node.document = doctree


def setup(app):
    app.connect("doctree-read", _adopt_translated_nodes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
