"""Naming a notebook's results so the book's prose can show them.

The course book never types a computed number into its text: a chapter
computes it in a cell, names it with :func:`glue`, and the prose pastes it
with ``{glue:text}`name:.3f``` (or ``{glue:sci}`name:.1e``` for powers of
ten, typeset as :math:`4.0 \\times 10^{-10}`).  :func:`glue` is a thin layer
over ``myst_nb.glue`` that

- stores a plain Python number at full precision (myst-nb cannot format a
  NumPy 2 scalar); the book's checks compare a glued value with a relative
  tolerance of 1e-6, so the last bits a particular CPU's vector code
  produced do not matter, and
- works in a plain Jupyter session without myst-nb, where it only returns the
  value: a downloaded chapter runs without the book's build tools.
"""

from __future__ import annotations

import numbers

try:
    from myst_nb import glue as _myst_glue
except ImportError:  # a reader's Jupyter without the book's build tools
    _myst_glue = None


def glue(name: str, value: object) -> None:
    """Record ``value`` under ``name`` for the prose; show nothing.

    The value is stored as :func:`plain_number` gives it.  Returns ``None``,
    so a cell that ends with ``glue(...)`` has no output.

    Args:
        name: the name the prose uses, ``{glue:text}`name:.3f```.
        value: a real number (a Python or NumPy scalar, or a one-element
            array).

    >>> glue("third", 1 / 3)
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a Python identifier; got {name!r}")
    stored = plain_number(value, name=name)
    if _myst_glue is not None:
        _myst_glue(name, stored, display=False)


def glue_all(**values: object) -> None:
    """:func:`glue` each value under the name of its keyword, so that one
    line records the several results a cell computes.

    >>> glue_all(third=1 / 3, half=0.5)
    """
    for name, value in values.items():
        glue(name, value)


def plain_number(value: object, *, name: str = "value") -> int | float:
    """``value`` as :func:`glue` stores it: integers stay Python ints; any
    other real number becomes a Python float, at full precision.

    >>> plain_number(np.float64(1) / 3)
    0.3333333333333333
    >>> plain_number(np.int64(1190))
    1190
    """
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"value for {name!r} must be a real number; got {type(value).__name__}"
        )
    if isinstance(value, numbers.Integral):
        return int(value)
    return float(value)
