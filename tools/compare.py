"""When a re-executed output counts as the stored one: the book's rule.

The stored outputs of every chapter are the reference, and a fresh run must
reproduce them.  It cannot reproduce them bit for bit on every machine:
OpenBLAS and NumPy choose their vector code by CPU, the last bits of a sum
or a matrix product change with it, and an iterative fit carries that into
the eighth digit.  So numbers are compared as numbers, at the precision that
carries meaning, and everything else exactly:

- a **glued** value (a number the prose shows) agrees when it is within a
  relative :data:`GLUED_RTOL` of the stored one: far below anything the prose
  displays, far above what a change of CPU causes.  Integers agree only when
  equal;
- a number **printed** in a text output (a table, ``loss 0.8164``) agrees when
  it is within one unit of its last printed digit (``0.8164`` and ``0.8165``);
  a number printed without a decimal point or an exponent (a count, a seed)
  only when equal; the text around the numbers must be the same;
- any other output (figures included) agrees only when it is the same.

The nbval plugin (``tests/nbval_plugin.py``) and the student's path
(``tests/test_bundle.py``) both apply :func:`agree`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

GLUED_RTOL = 1e-6
"""Relative tolerance for glued values."""

GLUE_PREFIX = "application/papermill.record/"
TEXT_KEYS = frozenset(
    {
        "stdout",
        "stderr",
        "text/plain",
        "text/html",
        "text/markdown",
        "text/latex",
    }
)
# A number as Python prints it: sign, digits, decimals, exponent.  Not the
# digits inside a word ("float64", "x1"), which are text.
NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])"
)


def glued_agree(stored: str, new: str) -> bool:
    """Whether two glued values (as stored, ``repr`` text) agree.

    >>> glued_agree("0.816407930118", "0.816407923797")  # another CPU
    True
    >>> glued_agree("0.8164", "0.8165")  # a real change
    False
    >>> glued_agree("1214", "1215")  # counts are exact
    False
    """
    if stored == new:
        return True
    try:
        a, b = float(stored), float(new)
    except ValueError:
        return False
    if _is_integer(stored) or _is_integer(new):
        return False
    return math.isclose(a, b, rel_tol=GLUED_RTOL, abs_tol=0.0)


def printed_agree(stored: str, new: str) -> bool:
    """Whether two printed texts agree: the same text, each number within one
    unit of its last printed digit.

    >>> printed_agree("log loss 0.8164 on 10 folds", "log loss 0.8165 on 10 folds")
    True
    >>> printed_agree("log loss 0.8164", "log loss 0.8166")
    False
    >>> printed_agree("1.000", "0.999"), printed_agree("7 of 10", "8 of 10")
    (True, False)
    >>> printed_agree("2.5e-05", "2.6e-05"), printed_agree("loss", "lost")
    (True, False)
    """
    if stored == new:
        return True
    a, b = _split(stored), _split(new)
    if len(a) != len(b) or a[::2] != b[::2]:
        return False
    return all(
        _numbers_agree(x, y) for x, y in zip(a[1::2], b[1::2], strict=True)
    )


def agree(key: str, stored: object, new: object) -> bool:
    """Whether a stored output value and a fresh one agree, by the kind of
    output ``key`` names (see :func:`flatten`)."""
    if key.startswith("glue:") and isinstance(stored, str):
        return isinstance(new, str) and glued_agree(stored, new)
    if key in TEXT_KEYS and isinstance(stored, str):
        return isinstance(new, str) and printed_agree(stored, new)
    return stored == new


def margin(key: str, stored: object, new: object) -> float:
    """How much of the allowed difference a fresh value uses: 0 when it is
    the stored value, 1 at the limit of :func:`agree`, ``inf`` for a
    difference no tolerance covers (text, a count, a figure).

    >>> round(margin("glue:a", "0.5", "0.50000025"), 6)
    0.5
    >>> margin("stdout", "loss 0.8164", "loss 0.8165") <= 1
    True
    >>> margin("image/png", "iVBOR1", "iVBOR2")
    inf
    """
    if stored == new:
        return 0.0
    if (
        key.startswith("glue:")
        and isinstance(stored, str)
        and isinstance(new, str)
    ):
        try:
            a, b = float(stored), float(new)
        except ValueError:
            return math.inf
        if _is_integer(stored) or _is_integer(new) or a == 0:
            return math.inf
        return abs(a - b) / (GLUED_RTOL * abs(a))
    if key in TEXT_KEYS and isinstance(stored, str) and isinstance(new, str):
        a, b = _split(stored), _split(new)
        if len(a) != len(b) or a[::2] != b[::2]:
            return math.inf
        worst = 0.0
        for x, y in zip(a[1::2], b[1::2], strict=True):
            if x == y:
                continue
            if _is_integer(x) or _is_integer(y):
                return math.inf
            unit = max(_last_digit_unit(x), _last_digit_unit(y))
            worst = max(worst, abs(float(x) - float(y)) / unit)
        return worst
    return math.inf


def flatten(outputs, skip=()) -> dict[str, list]:
    """A cell's outputs as ``{key: [values in order]}``, as nbval compares them.

    A stream is keyed by its name (``stdout``), a rich output by its MIME type
    (``text/plain``, ``image/png``), a glued value by ``glue:<its name>``;
    other fields of an output by their own name.  Keys in ``skip`` are left
    out.

    >>> import nbformat
    >>> out = nbformat.v4.new_output("stream", name="stdout", text="0.5\\n")
    >>> flatten([out])
    {'stdout': ['0.5\\n']}
    """
    flat = defaultdict(list)
    for out in outputs:
        if out.get("output_type") == "stream":
            flat[out["name"]].append(out["text"])
            continue
        glued = out.get("metadata", {}).get("scrapbook", {}).get("name")
        for key, value in out.items():
            if key in skip:
                continue
            if key != "data":
                flat[key].append(value)
                continue
            for mime, data in value.items():
                if mime in skip:
                    continue
                if glued is not None and mime.startswith(GLUE_PREFIX):
                    mime = f"glue:{glued}"
                flat[mime].append(data)
    return dict(flat)


def _is_integer(text: str) -> bool:
    return re.fullmatch(r"[-+]?\d+", text.strip()) is not None


def _split(text: str) -> list[str]:
    """``text`` as [text, number, text, number, ..., text]."""
    parts, last = [], 0
    for match in NUMBER.finditer(text):
        parts += [text[last : match.start()], match.group()]
        last = match.end()
    parts.append(text[last:])
    return parts


def _numbers_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    if _is_integer(a) or _is_integer(b):
        return False
    unit = max(_last_digit_unit(a), _last_digit_unit(b))
    return abs(float(a) - float(b)) <= unit * (1 + 1e-9)


def _last_digit_unit(number: str) -> float:
    """The value of one unit in the last printed digit: 0.001 for ``0.816``,
    1e-06 for ``2.5e-05``."""
    mantissa, _, exponent = number.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)
