"""Sphinx extension: the PDF numbers chapters, figures and exercises as the
HTML book does.

In ``_toc.yml`` some parts are numbered (Foundations, Theory, Practice) and
some are not (Introduction, Appendix).  The HTML follows that; LaTeX numbers
every chapter, so without this the preface would be chapter 1 and Logarithms
chapter 3.  For the LaTeX builder only, each page of an unnumbered part starts
with ``\\lossbookunnumbered`` (no chapter or section numbers, figures numbered
1, 2, ... within the page) and the first page of a numbered part with
``\\lossbooknumbered`` (numbers back on).  Because unnumbered chapters do not
step LaTeX's chapter counter, Logarithms is chapter 1 in both.

jupyterbook-latex also numbers exercises to depth 2 ("Exercise 1.7.1", the
section within the chapter) in books with parts; the HTML numbers them by
chapter ("Exercise 1.1"), so the depth is set back to 1.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex import LaTeXBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform

PREAMBLE = r"""
\makeatletter
\AtBeginDocument{\edef\lossbook@secnumdepth{\the\value{secnumdepth}}}
\newcommand{\lossbookunnumbered}{%
  \setcounter{secnumdepth}{-1}%
  \setcounter{figure}{0}\setcounter{table}{0}%
  \renewcommand{\thefigure}{\arabic{figure}}%
  \renewcommand{\thetable}{\arabic{table}}}
\newcommand{\lossbooknumbered}{%
  \setcounter{secnumdepth}{\lossbook@secnumdepth}%
  \renewcommand{\thefigure}{\thechapter.\arabic{figure}}%
  \renewcommand{\thetable}{\thechapter.\arabic{table}}}
\makeatother
"""


def _commands(site_map):
    """The LaTeX command each page starts with, by document name."""
    commands = {}
    for part in site_map.root.subtrees:
        pages = [entry for entry in part.items if isinstance(entry, str)]
        if part.numbered:
            if pages:
                commands[pages[0]] = r"\lossbooknumbered"
        else:
            commands.update(dict.fromkeys(pages, r"\lossbookunnumbered"))
    return commands


class MarkPages(SphinxPostTransform):
    """Start each page of the assembled LaTeX document with its command.

    A post-transform, not a ``doctree-read`` handler: the LaTeX build reuses
    the doctrees an HTML build cached, and reads no page again.
    """

    builders = ("latex",)
    default_priority = 200

    def run(self, **kwargs):
        commands = _commands(self.app.config.external_site_map)
        for page in self.document.findall(addnodes.start_of_file):
            command = commands.get(page["docname"])
            if command:
                page.insert(0, nodes.raw("", command + "\n", format="latex"))


def _number_exercises_by_chapter(app):
    if isinstance(app.builder, LaTeXBuilder):
        app.config.numfig_secnum_depth = 1


def _add_preamble(app, config):
    elements = dict(config.latex_elements)
    elements["preamble"] = elements.get("preamble", "") + PREAMBLE
    config.latex_elements = elements


def setup(app):
    app.connect("config-inited", _add_preamble)
    app.connect("builder-inited", _number_exercises_by_chapter, priority=900)
    app.add_post_transform(MarkPages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
