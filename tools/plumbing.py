"""The code readers see: a chapter's cells without their ``glue`` calls.

Every number the prose shows is computed in a code cell and handed to the
text with ``glue("name", value)`` (``lossbook.notebook``).  The calls are
plumbing: a reader of the built book, the PDF or a reader notebook sees the
number in the sentence, and needs the computation, not the hand-over.  So
what readers see is the cell with

- a ``glue`` or ``glue_all`` statement whose values are already named
  (``glue("mean", mean)``, ``glue_all(a=x[0])``) left out;
- a ``glue`` statement that computes its value written as that computation
  (``glue("gap", a - b)`` becomes ``gap = a - b``), so no computation is
  hidden;
- ``glue`` and ``glue_all`` left out of the import from ``lossbook.notebook``.

The stored notebooks keep the calls: the tests read the glued values there.
The built pages show :func:`without_glue` of each cell (``sphinx_light``
applies it), and the reader notebooks carry it as their code
(``tools/reader.py``), so re-running one reproduces every visible output.
"""

from __future__ import annotations

import ast
import re

GLUE_CALLS = frozenset({"glue", "glue_all"})


def _named(node: ast.expr) -> bool:
    """A value that is already computed: a name, a constant, an attribute or
    an item of one (``x``, ``res.loss``, ``gaps[2][0]``), or ``float`` /
    ``int`` of such."""
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.Attribute):
        return _named(node.value)
    if isinstance(node, ast.Subscript):
        return _named(node.value) and _named_index(node.slice)
    if isinstance(node, ast.UnaryOp) and isinstance(
        node.operand, ast.Constant
    ):
        return True
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("float", "int")
        and len(node.args) == 1
        and not node.keywords
    ):
        return _named(node.args[0])
    return False


def _named_index(node: ast.expr) -> bool:
    if isinstance(node, ast.Tuple):
        return all(_named_index(e) for e in node.elts)
    if isinstance(node, ast.Slice):
        return all(
            part is None or _named(part)
            for part in (node.lower, node.upper, node.step)
        )
    if isinstance(node, ast.Compare):  # x[y == 0]
        return _named(node.left) and all(_named(c) for c in node.comparators)
    return _named(node)


def _glue_call(node: ast.stmt) -> ast.Call | None:
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id in GLUE_CALLS
    ):
        return node.value
    return None


def _replacement(call: ast.Call, source: str, nested: bool) -> list[str]:
    """The lines that stand for one glue statement (without indentation);
    ``nested`` when it sits in a loop or function, where a bare expression
    displays nothing."""
    pairs: list[tuple[ast.expr | None, ast.expr]] = []
    if call.func.id == "glue":  # type: ignore[attr-defined]
        if len(call.args) >= 2:
            pairs.append((call.args[0], call.args[1]))
        else:  # glue(name, value=...)
            value = next(k.value for k in call.keywords if k.arg == "value")
            pairs.append((call.args[0], value))
    else:
        for k in call.keywords:
            if k.arg is not None:
                pairs.append((ast.Constant(k.arg), k.value))
            elif isinstance(k.value, ast.Dict):  # glue_all(**{f"a_{i}": x})
                pairs += [
                    (key, v)
                    for key, v in zip(
                        k.value.keys, k.value.values, strict=True
                    )
                ]
            else:
                pairs.append((None, k.value))
    lines = []
    for name, value in pairs:
        if _named(value):
            continue
        text = ast.get_source_segment(source, value) or ast.unparse(value)
        text = " ".join(line.strip() for line in text.splitlines())
        if isinstance(name, ast.Constant) and str(name.value).isidentifier():
            lines.append(f"{name.value} = {text}")
        else:  # a name made in a loop: show the computation itself
            lines.append(text if nested else f"_ = {text}")
    return lines


def without_glue(source: str) -> str:
    """``source`` as readers see it.

    >>> print(without_glue('m = x.mean()\\nglue("m", m)\\nglue("gap", m - 1)'))
    m = x.mean()
    gap = m - 1
    >>> print(without_glue("from lossbook.notebook import glue, glue_all"))
    <BLANKLINE>
    >>> print(without_glue("for k in ks:\\n    print(k)\\n    glue(f'k_{k}', k)"))
    for k in ks:
        print(k)
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: shown as written
        return source
    lines = source.split("\n")
    edits: list[tuple[int, int, list[str]]] = []  # (first, last, new lines)

    def shown(stmt: ast.stmt, nested: bool = False) -> bool:
        """Record the edits inside ``stmt``; whether anything of it stays."""
        call = _glue_call(stmt)
        if call is not None:
            indent = lines[stmt.lineno - 1][: stmt.col_offset]
            replacement = _replacement(call, source, nested)
            new = [indent + line for line in replacement]
            edits.append((stmt.lineno, stmt.end_lineno or stmt.lineno, new))
            return bool(new)
        blocks = [
            getattr(stmt, f)
            for f in ("body", "orelse", "finalbody")
            if isinstance(getattr(stmt, f, None), list) and getattr(stmt, f)
        ]
        if not blocks or isinstance(stmt, ast.If):
            for block in blocks:
                for inner in block:
                    shown(inner, nested)
            return True
        before = len(edits)
        kept = [shown(inner, True) for block in blocks for inner in block]
        if any(kept):
            return True
        # a loop or function that only glued: nothing of it is shown
        del edits[before:]
        edits.append((stmt.lineno, stmt.end_lineno or stmt.lineno, []))
        return False

    for stmt in tree.body:
        shown(stmt)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "lossbook.notebook"
        ):
            names = [a for a in node.names if a.name not in GLUE_CALLS]
            new = (
                [
                    f"from lossbook.notebook import {', '.join(a.name for a in names)}"
                ]
                if names
                else []
            )
            edits.append((node.lineno, node.end_lineno or node.lineno, new))
    if not edits:
        return source
    for first, last, new in sorted(edits, reverse=True):
        lines[first - 1 : last] = new
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
