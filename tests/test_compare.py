"""The rule that decides when a re-executed output counts as the stored one
(tools/compare.py): loose enough for another CPU, tight enough for a real
change."""

import nbformat
import pytest

from tools.compare import (
    GLUED_RTOL,
    agree,
    flatten,
    glued_agree,
    printed_agree,
)
from tools.toc import ROOT


@pytest.mark.parametrize(
    "stored, new",
    [
        # seen between an Intel Xeon and an AMD EPYC (issue 19)
        ("0.816407930118", "0.816407923797"),
        ("0.204786460301", "0.204786455415"),
        ("7.890217062124269e-05", "7.890217062124269e-05"),
        ("4e-18", "4.000000000000123e-18"),
        ("1214", "1214"),
        ("inf", "inf"),
    ],
)
def test_glued_values_from_another_cpu_agree(stored, new):
    assert glued_agree(stored, new)


@pytest.mark.parametrize(
    "stored, new",
    [
        ("0.105360515658", "0.105371051710"),  # log loss changed by 1e-4
        ("0.105360515658", "-0.105360515658"),  # a sign error
        ("1214", "1215"),  # a count
        ("1214", "1214.0000001"),
        ("4e-18", "8e-18"),  # tiny values are compared relatively
        ("0.0", "1e-300"),
        ("inf", "nan"),
    ],
)
def test_glued_values_that_really_changed_do_not(stored, new):
    assert not glued_agree(stored, new)


def test_the_glued_tolerance_is_far_below_what_the_prose_shows():
    # the prose shows at most 4 significant digits of a glued value
    assert GLUED_RTOL <= 1e-6
    x = 0.8164
    assert not glued_agree(repr(x), repr(x * (1 + 5 * GLUED_RTOL)))
    assert glued_agree(repr(x), repr(x * (1 + GLUED_RTOL / 2)))


@pytest.mark.parametrize(
    "stored, new",
    [
        ("mean log loss: 0.8164\n", "mean log loss: 0.8165\n"),
        ("mean log loss: 0.8164\n", "mean log loss: 0.8163\n"),
        ("1.000 0.999", "0.999 1.000"),
        ("-0.0001 ± 0.0001", "+0.0000 ± 0.0001"),
        ("tiny: 2.5e-05", "tiny: 2.6e-05"),
        ("float64 and float32: 7 of 10", "float64 and float32: 7 of 10"),
    ],
)
def test_printed_numbers_within_one_unit_of_the_last_digit_agree(stored, new):
    assert printed_agree(stored, new)


@pytest.mark.parametrize(
    "stored, new",
    [
        ("mean log loss: 0.8164\n", "mean log loss: 0.8166\n"),
        ("mean log loss: 0.8164\n", "mean loss: 0.8164\n"),
        ("7 of 10 sets", "8 of 10 sets"),  # counts are exact
        ("weights [0.8, -1.6]", "weights [0.8, 1.6]"),  # a sign
        ("weights [0.8, -1.6]", "weights [0.8, -1.6, 0.0]"),
        ("2.5e-05", "2.5e-06"),
        ("True", "False"),
    ],
)
def test_printed_text_that_really_changed_does_not(stored, new):
    assert not printed_agree(stored, new)


def test_each_kind_of_output_gets_its_own_rule():
    assert agree("glue:ll", "0.816407930118", "0.816407923797")
    assert not agree("stdout", "0.816407930118", "0.816407923797")
    assert agree("stdout", "0.8164", "0.8165")
    assert agree("text/html", "<td>0.8164</td>", "<td>0.8165</td>")
    assert not agree("image/png", "iVBORw0KGgo=", "iVBORw0KGgp=")
    assert not agree("application/json", {"a": 0.8164}, {"a": 0.8165})


def test_flatten_keys_glued_values_by_name_and_streams_by_stream():
    outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a 0.5\n"),
        nbformat.v4.new_output(
            "display_data",
            data={"application/papermill.record/text/plain": "0.5"},
            metadata={"scrapbook": {"name": "half"}},
        ),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBO"}),
    ]
    flat = flatten(outputs, skip=("metadata", "output_type"))
    assert flat == {
        "stdout": ["a 0.5\n"],
        "glue:half": ["0.5"],
        "image/png": ["iVBO"],
    }


def test_the_preface_states_the_tolerance_the_checks_use():
    preface = " ".join((ROOT / "book" / "preface.md").read_text().split())
    assert GLUED_RTOL == 1e-6 and "one part in a million" in preface
