"""Every number the syllabus states (``syllabus.yml``) is what lossbook
computes, and what each chapter that shows it glues into its text, both
rounded to the decimals the syllabus prints."""

import re

import numpy as np
import pytest

import lossbook
from tests import syllabus
from tools.notebooks import glued_number
from tools.toc import ROOT

SOURCE_NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
KEYS = sorted(syllabus.ENTRIES)
GLUED = [
    (key, *place.split(":"))
    for key in KEYS
    for place in syllabus.ENTRIES[key]["glued_as"]
]


@pytest.mark.parametrize("key", KEYS)
def test_entry_is_complete(key):
    entry = syllabus.ENTRIES[key]
    assert {"value", "what", "source", "compute", "glued_as"} <= set(entry)
    assert isinstance(entry["value"], str), (
        f"{key}: write the value as a string"
    )
    assert entry["source"], f"{key}: name the document that states it"
    assert all(SOURCE_NAME.match(name) for name in entry["source"]), entry


@pytest.mark.parametrize("key", KEYS)
def test_lossbook_computes_the_stated_value(key):
    computed = eval(
        syllabus.ENTRIES[key]["compute"], {"lossbook": lossbook, "np": np}
    )
    assert syllabus.matches(key, computed), (
        f"{key}: lossbook gives {float(computed)!r}, the syllabus states "
        f"{syllabus.ENTRIES[key]['value']}"
    )


@pytest.mark.parametrize(
    "key, chapter, name", GLUED, ids=[f"{c}:{n}" for _, c, n in GLUED]
)
def test_chapter_shows_the_stated_value(key, chapter, name):
    shown = glued_number(ROOT / "book" / f"{chapter}.ipynb", name)
    assert syllabus.matches(key, shown), (
        f"{chapter} glues {shown!r} as {name}; the syllabus states "
        f"{syllabus.ENTRIES[key]['value']} ({key})"
    )
