"""lossbook.notebook: what a chapter stores for its prose."""

import numpy as np
import pytest

from lossbook import notebook
from lossbook.notebook import plain_number


def test_floats_are_stored_at_full_precision():
    # the checks compare glued values with a tolerance (tools/compare.py), so
    # nothing is rounded away here
    assert plain_number(np.float64(1) / 3) == 1 / 3
    assert plain_number(4.000000000000123e-18) == 4.000000000000123e-18
    assert type(plain_number(np.float32(0.5))) is float


def test_integers_stay_integers():
    assert plain_number(np.int64(1190)) == 1190
    assert type(plain_number(np.int64(1190))) is int


def test_a_one_element_array_is_a_number():
    assert plain_number(np.array([2.5])) == 2.5


def test_infinity_is_kept():
    assert plain_number(np.inf) == np.inf


def test_glue_stores_the_plain_number_and_shows_nothing(monkeypatch):
    stored = {}
    monkeypatch.setattr(
        notebook,
        "_myst_glue",
        lambda n, v, display: stored.update({n: (v, display)}),
    )
    assert notebook.glue("third", np.float64(1) / 3) is None
    assert stored == {"third": (1 / 3, False)}
    assert type(stored["third"][0]) is float


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("two", np.array([1.0, 2.0]), "value for 'two' must be a real number"),
        ("flag", True, "value for 'flag' must be a real number; got bool"),
        ("text", "0.5", "must be a real number; got str"),
        ("not a name", 1.0, "name must be a Python identifier"),
    ],
)
def test_bad_input_is_refused(name, value, message):
    with pytest.raises(ValueError, match=message):
        notebook.glue(name, value)


def test_works_without_myst_nb(monkeypatch):
    monkeypatch.setattr(notebook, "_myst_glue", None)
    assert notebook.glue("plain", 0.1 + 0.2) is None


def test_glue_all_glues_each_keyword(monkeypatch):
    stored = {}
    monkeypatch.setattr(
        notebook,
        "_myst_glue",
        lambda n, v, display: stored.update({n: (v, display)}),
    )
    assert notebook.glue_all(a=np.float64(0.5), b=np.int64(3)) is None
    assert stored == {"a": (0.5, False), "b": (3, False)}
