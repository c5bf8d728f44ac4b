"""The book's figure style: figures that can be read on a phone and a
high-density screen alike.

A chapter calls :func:`use_book_style` once, in its first cell.  Every figure
is then drawn :data:`WIDTH_INCHES` wide at :data:`DPI` dots per inch, so the
book shows it at most ``WIDTH_INCHES * DPI`` CSS pixels wide (never shrunk on
a desktop, where the text column is wider), with tick labels of
:data:`FONT_POINTS` points: ``FONT_POINTS / 72 * DPI`` CSS pixels, about 15.
On a phone whose column is 330 px the figure is scaled by at least
``330 / (WIDTH_INCHES * DPI)``, so tick labels stay above 10 px; a figure with
two panels stacks them vertically (``plt.subplots(2, 1, ...)``) rather than
halving them.  In Jupyter the figures are stored as PNGs at twice the
resolution and shown at half size ("retina"), sharp on high-density screens.

Matplotlib is imported only when the style is used; the loss functions need
NumPy alone.
"""

from __future__ import annotations

from typing import Any

WIDTH_INCHES = 5.0
"""Width of every figure, in inches."""
DPI = 100
"""Dots per inch: one dot is one CSS pixel when the book shows the figure."""
FONT_POINTS = 11.0
"""Size of tick labels, axis labels and legends, in points."""


def book_rc() -> dict[str, Any]:
    """The Matplotlib settings of the book's figures.

    >>> rc = book_rc()
    >>> rc["figure.figsize"], rc["xtick.labelsize"]
    ((5.0, 3.2), 11.0)
    """
    return {
        "figure.figsize": (WIDTH_INCHES, 3.2),
        "figure.dpi": DPI,
        "figure.constrained_layout.use": True,
        "font.size": FONT_POINTS,
        "axes.titlesize": FONT_POINTS + 1,
        "axes.labelsize": FONT_POINTS,
        "xtick.labelsize": FONT_POINTS,
        "ytick.labelsize": FONT_POINTS,
        "legend.fontsize": FONT_POINTS - 1,
        "lines.linewidth": 2.0,
    }


def use_book_style() -> None:
    """Apply :func:`book_rc` to Matplotlib and, in Jupyter, store figures at
    twice their resolution (shown at half size on the page).

    Outside IPython (a script) only the settings are applied.
    """
    import matplotlib.style

    matplotlib.style.use(book_rc())
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python without Jupyter
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")
