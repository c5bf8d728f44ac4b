"""lossbook.figures: the style every chapter draws its figures with."""

import matplotlib as mpl

from lossbook import figures


def test_tick_labels_are_at_least_11_css_px_on_a_desktop():
    # one figure dot is one CSS pixel; a point is 1/72 inch
    assert figures.FONT_POINTS / 72 * figures.DPI >= 11


def test_tick_labels_stay_legible_in_a_330_px_phone_column():
    shown = figures.WIDTH_INCHES * figures.DPI
    scale = min(1.0, 330 / shown)
    assert figures.FONT_POINTS / 72 * figures.DPI * scale >= 10


def test_the_style_sets_matplotlib():
    with mpl.rc_context():
        figures.use_book_style()
        assert mpl.rcParams["xtick.labelsize"] == figures.FONT_POINTS
        width, _ = mpl.rcParams["figure.figsize"]
        assert width == figures.WIDTH_INCHES
        assert mpl.rcParams["figure.dpi"] == figures.DPI
