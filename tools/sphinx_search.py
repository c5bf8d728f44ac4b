"""Sphinx extension: search results a reader can tell apart, with summaries
that work offline, and one search field in the page header.

Summaries.  Sphinx 7.4's ``searchtools.js`` makes a result's summary by
fetching the result's HTML page, which Chromium refuses from ``file://``;
``_config.yml`` turns that off (``html_show_search_summary: false``).  Here
the build writes instead, once, the plain text of every section, glossary
term and API entry (``_static/lossbook-search-data.js``) and the search page
alone loads it with ``static/lossbook-search.js``, which adds under each
result a snippet around the first match and names each result by its
section or term ("cross-entropy — Glossary" rather than three "Glossary").

One search field.  pydata-sphinx-theme 0.17.1 fills the top bar with a
second search field whenever ``navbar_persistent`` is not set by the user
(sphinx-book-theme's own empty default does not count:
executablebooks/sphinx-book-theme#986 and #988), so it is set here to empty
unless ``_config.yml`` sets it.  The sidebar's search field (wide screens),
the article header's search button (narrow screens) and Ctrl+K stay.
"""

import json
import re
from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

DATA = "_static/lossbook-search-data.js"
# Characters of text kept per section, term or API entry.  Measured with 18
# queries ("calibration", "softmax", "kl divergence", ...): in 81% of the
# pages that use a query, the first 500 characters of one of its sections
# hold a use of it (800 characters: 91%); the file is 128 kB, about the size
# of searchindex.js, instead of 297 kB with the whole text.
MAX_CHARS = 500
REPEATED = 3
# Nodes whose text a reader does not read as prose (code, display math,
# tables of numbers, raw HTML tags) or that get an entry of their own.
SKIPPED = (
    nodes.literal_block,
    nodes.math_block,
    nodes.doctest_block,
    nodes.table,
    nodes.raw,
    nodes.comment,
    nodes.target,
    nodes.substitution_definition,
    nodes.definition_list,  # glossary terms are entries of their own
    addnodes.desc,  # so are API entries
    addnodes.index,
)


# Inline math in summaries: TeX commands as the characters they draw.
SYMBOLS = {
    **dict.fromkeys(("log", "ln", "exp", "max", "min", "sin", "cos"), None),
    "sigma": "σ",
    "varepsilon": "ε",
    "epsilon": "ε",
    "gamma": "γ",
    "alpha": "α",
    "beta": "β",
    "theta": "θ",
    "delta": "δ",
    "lambda": "λ",
    "pi": "π",
    "eta": "η",
    "tau": "τ",
    "mu": "μ",
    "phi": "φ",
    "varphi": "φ",
    "Phi": "Φ",
    "ell": "ℓ",
    "infty": "∞",
    "sum": "∑",
    "prod": "∏",
    "partial": "∂",
    "nabla": "∇",
    "mid": "|",
    "approx": "≈",
    "times": "×",
    "cdot": "·",
    "ge": "≥",
    "geq": "≥",
    "le": "≤",
    "leq": "≤",
    "ne": "≠",
    "in": "∈",
    "to": "→",
    "leftarrow": "←",
    "pm": "±",
    "top": "⊤",
    "dots": "…",
    "ldots": "…",
    "ast": "∗",
    "star": "⋆",
    "|": "‖",
    "Vert": "‖",
    "lVert": "‖",
    "rVert": "‖",
    "lvert": "|",
    "rvert": "|",
    "%": "%",
    "{": "\x02",
    "}": "\x03",
    ",": "",
    ";": " ",
    "!": "",
    "quad": " ",
    "left": "",
    "right": "",
    "bigl": "",
    "bigr": "",
}
SYMBOLS = {k: k if v is None else v for k, v in SYMBOLS.items()}
# TeX's \\{ and \\} stand for "\x02" and "\x03" while braces are dropped.
BRACES = str.maketrans("\x02\x03", "{}")
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303"}
FRACTION = re.compile(r"\\t?frac\{([^{}]*)\}\{([^{}]*)\}")
ACCENT = re.compile(r"\\(hat|bar|tilde)\{([^{}]*)\}")
SCRIPT = re.compile(r"([_^])\{([^{}]*)\}")
ROOT = re.compile(r"\\sqrt\{([^{}]*)\}")
WRAPPER = re.compile(
    r"\\(?:mathrm|text|operatorname|mathcal|mathbb)\{([^{}]*)\}"
)
COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def _no_second_search_field(app, config):
    """Without the top bar the page also loses its hidden first menu and
    contents buttons, the only ones pydata-sphinx-theme 0.17 binds
    (pydata-sphinx-theme#2451): the visible buttons then work on every
    screen (tests/test_browser.py)."""
    config.html_theme_options.setdefault("navbar_persistent", [])


def _plain_math(tex):
    """Inline TeX as text a summary can show: ``-\\sum_k p_k \\log q_k``
    becomes ``-∑_k p_k log q_k``, ``\\frac{1}{1 + e^{-z}}`` becomes
    ``1/(1 + e^-z)``."""
    for _ in range(3):  # arguments nest a few levels deep at most
        tex = FRACTION.sub(lambda m: f"{_group(m[1])}/{_group(m[2])} ", tex)
        tex = ACCENT.sub(lambda m: m[2] + ACCENTS[m[1]], tex)
        tex = ROOT.sub(lambda m: "√" + _group(m[1]), tex)
        tex = WRAPPER.sub(r"\1", tex)
        tex = SCRIPT.sub(lambda m: m[1] + _group(m[2]), tex)
    tex = COMMAND.sub(lambda m: SYMBOLS.get(m[1], m[1]), tex)
    tex = tex.replace("{", "").replace("}", "")
    return " ".join(tex.translate(BRACES).split())


def _group(tex):
    """A fraction's part or a script in parentheses if it has several
    terms: ``1 + e^-z`` becomes ``(1 + e^-z)``, ``n`` and ``+`` stay."""
    tex = tex.strip()
    return f"({tex})" if len(tex) > 1 and re.search(r"[ +/-]", tex) else tex


def _titled(node):
    """Whether ``node`` is a section with a title: sphinx-exercise wraps an
    exercise's and a solution's content in untitled sections, which are
    read as content."""
    return isinstance(node, nodes.section) and isinstance(node[0], nodes.title)


def _blocks(node):
    """The reader-visible prose of ``node`` as a list of blocks (paragraphs,
    list items, captions), without subsections and the nodes in
    ``SKIPPED``, whitespace collapsed."""
    parts = []
    END = "\x1e"  # ASCII's record separator: no text holds it

    def visit(n):
        if isinstance(n, nodes.math):
            parts.append(_plain_math(n.astext()))
        elif isinstance(n, nodes.Text):
            parts.append(n.astext())
        elif not (_titled(n) or isinstance(n, (nodes.title, *SKIPPED))):
            for child in n.children:
                visit(child)
            if not isinstance(n, nodes.Inline):
                parts.append(END)

    for child in node.children:
        visit(child)
    blocks = (" ".join(b.split()) for b in "".join(parts).split(END))
    return [b for b in blocks if b]


def _entries(doctree, numbers):
    """``[anchor, label, blocks]`` for each section, glossary term and API
    entry of a page, in reading order.  A section's label is its title with
    its number as the page shows it (``numbers``: Sphinx's section numbers
    of the page, by ``#anchor``); an API entry's label is empty (Sphinx's
    result title already names it)."""
    entries = []
    for node in doctree.findall(
        lambda n: (
            _titled(n) or isinstance(n, nodes.term | addnodes.desc_signature)
        )
    ):
        if not node["ids"]:
            continue
        if _titled(node):
            number = numbers.get(f"#{node['ids'][0]}", ())
            label = "".join(f"{n}." for n in number) + " " + node[0].astext()
            label, blocks = label.strip(), _blocks(node)
        elif isinstance(node, nodes.term):
            label, blocks = node.astext(), _blocks(node.parent[-1])
        else:
            content = node.parent.next_node(addnodes.desc_content)
            label, blocks = "", _blocks(content) if content else []
        entries.append([node["ids"][0], label, blocks])
    return entries


def _seen(app):
    """The entries of the pages this build has written, by docname."""
    if not hasattr(app, "lossbook_search_entries"):
        app.lossbook_search_entries = {}
    return app.lossbook_search_entries


def _note_entries(app, doctree, docname):
    """Take a page's entries from the doctree the builder resolves to write
    it, rather than resolving every doctree a second time at the end (that
    was a fifth of the build's time)."""
    if app.builder.format == "html":
        _seen(app)[docname] = _entries(
            doctree, app.env.toc_secnumbers.get(docname, {})
        )


def _write_data(app, exception):
    """Write the text of every page, as one script that sets
    ``LOSSBOOK_SEARCH_TEXT``: ``{docname: [[anchor, label, text], ...]}``.

    A paragraph that opens with the same sentence on ``REPEATED`` pages or
    more (the chapters' "Running this chapter" note, whose list of packages
    varies) says nothing about any one of them and is left out; each text
    is then cut to ``MAX_CHARS``."""
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    seen = _seen(app)
    pages = {
        docname: seen.get(docname)
        or _entries(  # a page this build did not write
            env.get_and_resolve_doctree(docname, app.builder),
            env.toc_secnumbers.get(docname, {}),
        )
        for docname in sorted(env.found_docs)
    }
    found_on = Counter(
        opening
        for entries in pages.values()
        for opening in {
            _opening(b) for _, _, blocks in entries for b in blocks
        }
    )
    data = {
        docname: [
            [anchor, label, _cut(blocks, found_on)]
            for anchor, label, blocks in entries
        ]
        for docname, entries in pages.items()
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path = Path(app.outdir, DATA)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"var LOSSBOOK_SEARCH_TEXT = {text};\n", encoding="utf-8")


def _opening(block):
    return block.split(". ", 1)[0]


def _cut(blocks, found_on):
    kept = " ".join(b for b in blocks if found_on[_opening(b)] < REPEATED)
    if len(kept) <= MAX_CHARS:
        return kept
    space = kept.rfind(" ", 0, MAX_CHARS + 1)
    return kept[: space if space > 0 else MAX_CHARS] + " …"


def _search_page_assets(app, pagename, templatename, context, doctree):
    """Only the search page loads the section text, its script and style."""
    if pagename != "search":
        return
    context["script_files"] = [
        *context["script_files"],
        DATA,
        "_static/lossbook-search.js",
    ]
    context["css_files"] = [
        *context["css_files"],
        "_static/lossbook-search.css",
    ]


def setup(app):
    app.connect("config-inited", _no_second_search_field)
    app.connect("html-page-context", _search_page_assets)
    # last, after every other handler has changed the resolved doctree
    app.connect("doctree-resolved", _note_entries, priority=999)
    app.connect("build-finished", _write_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
