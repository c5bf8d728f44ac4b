"""The Log loss chapter's numbers beyond the syllabus entries (those are
checked by tests/test_syllabus.py against syllabus.yml)."""

import lossbook
from tests import syllabus


def test_sklearn_style_log_loss_gives_the_batch_mean():
    assert syllabus.matches(
        "batch_mean", lossbook.log_loss([1, 1, 0], [0.9, 0.6, 0.2])
    )
