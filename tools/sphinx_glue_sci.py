"""Sphinx extension: the ``{glue:sci}`` role, a glued number typeset as a
power of ten.

``{glue:text}`tiny:.1e``` would show readers raw e-notation ("4.0e-10").
``{glue:sci}`tiny:.1e``` formats the glued value with the same format
specification and typesets it as math, :math:`4.0 \\times 10^{-10}`; a
mantissa of exactly 1 is dropped (:math:`10^{-10}`) and an exponent of 0
leaves the plain mantissa.  The specification must use the ``e`` type.
"""

import re

from docutils import nodes
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import glue_warning

E_NOTATION = re.compile(r"^([+-]?\d+(?:\.\d+)?)e([+-]\d+)$")


def typeset(text):
    """LaTeX for a number printed in e-notation, ``None`` if it is not one.

    >>> typeset("4.0e-10")
    '4.0 \\\\times 10^{-10}'
    >>> typeset("1e+06")
    '10^{6}'
    >>> typeset("2.5e+00")
    '2.5'
    """
    match = E_NOTATION.match(text.strip())
    if match is None:
        return None
    mantissa, exponent = match.group(1), int(match.group(2))
    if exponent == 0:
        return mantissa
    power = f"10^{{{exponent}}}"
    return power if mantissa == "1" else f"{mantissa} \\times {power}"


class PasteSciRole(PasteTextRole):
    """Paste a glued number as typeset scientific notation."""

    def run(self):
        spec = self.text.rsplit(":", 1)[1] if ":" in self.text else ""
        if not spec.endswith("e"):
            message = f"glue:sci needs an 'e' format, like name:.1e; got {self.text!r}"
            return [], [glue_warning(message, self.document, self.line)]
        pasted, messages = super().run()
        if len(pasted) != 1 or not isinstance(pasted[0], nodes.inline):
            return pasted, messages
        latex = typeset(pasted[0].astext())
        node = nodes.math(latex, latex)
        self.set_source_info(node)
        return [node], messages


def setup(app):
    app.setup_extension("myst_nb")
    app.add_role_to_domain("glue", "sci", PasteSciRole())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
