"""The guard works: changing one stored output (a printed number by more than
one unit of its last digit, a glued number, a figure) makes nbval fail, and
says how to fix it; a printed number one unit off passes (tools/compare.py).

The guard is tested on a small chapter made here, with one output of each
kind, executed once per test run like the book's chapters: the real
chapters are checked by nbval in every run anyway.
"""

import json
import re

import nbformat
import pytest

from tests.helpers import run_nbval
from tools.run_notebooks import execute

# The figure is a 1x1 PNG shown with IPython: nbval compares its bytes like
# any figure's, and no kernel has to start matplotlib.
CELLS = [
    "import base64\nfrom IPython.display import Image\n"
    "import lossbook\nfrom lossbook.notebook import glue",
    "loss = lossbook.binary_cross_entropy([1, 1, 0], [0.9, 0.6, 0.2])\n"
    'print(f"mean log loss: {loss:.4f}")',
    'glue("ll_a09", lossbook.binary_cross_entropy([1], [0.9]))',
    'Image(data=base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ'
    'AAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))',
]


def _outputs(nb):
    return [out for cell in nb["cells"] for out in cell.get("outputs", [])]


def _tamper_printed(nb, units=3):
    """Change the last digit of the first printed decimal by ``units`` (mod
    10); return old, new."""
    out = next(o for o in _outputs(nb) if o.get("output_type") == "stream")
    text = "".join(out["text"])
    match = re.search(r"\d+\.\d+", text)
    old = match.group()
    new = old[:-1] + str((int(old[-1]) + units) % 10)
    out["text"] = text[: match.start()] + new + text[match.end() :]
    return old, new


def _tamper_glued(nb):
    out = next(
        o
        for o in _outputs(nb)
        if o.get("metadata", {}).get("scrapbook", {}).get("name") == "ll_a09"
    )
    key = next(k for k in out["data"] if k.endswith("text/plain"))
    out["data"][key] = repr(float("".join(out["data"][key])) + 0.001)


def _tamper_figure(nb):
    out = next(o for o in _outputs(nb) if "image/png" in o.get("data", {}))
    png = "".join(out["data"]["image/png"])
    middle = len(png) // 2
    swapped = "A" if png[middle] != "A" else "B"
    out["data"]["image/png"] = png[:middle] + swapped + png[middle + 1 :]


@pytest.fixture(scope="module")
def nbval_run(tmp_path_factory):
    """One nbval run over four copies of a small executed chapter: untouched,
    and with a printed number, a glued number or a figure changed.  Returns
    nbval's report of each copy and the printed number's (old, new)."""
    folder = tmp_path_factory.mktemp("chapters")
    original = folder / "untouched.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nbformat.write(nb, original)
    execute(original)
    changed = {}
    for name, tamper in [
        ("printed", _tamper_printed),
        ("one_unit", lambda nb: _tamper_printed(nb, units=1)),
        ("glued", _tamper_glued),
        ("figure", _tamper_figure),
    ]:
        nb = json.loads(original.read_text())
        changed[name] = tamper(nb)
        (folder / f"{name}.ipynb").write_text(json.dumps(nb, indent=1))
    result = run_nbval("-rA", folder, timeout=300)
    # one section of the failure report per failing cell, titled by its file
    reports = {
        name: ""
        for name in ("untouched", "one_unit", "printed", "glued", "figure")
    }
    for section in re.split(r"\n_{5,} ", result.stdout):
        for name in reports:
            # titled by the notebook's path, relative to wherever pytest runs
            if re.match(rf"\S*\b{name}\.ipynb::", section):
                reports[name] += section
    return result, reports, changed["printed"]


@pytest.mark.parametrize("copy", ["untouched", "one_unit"])
def test_nbval_passes_the_untouched_copy(nbval_run, copy):
    """Untouched, or with a printed number one unit of its last digit off,
    as another CPU may print it."""
    result, reports, _ = nbval_run
    assert reports[copy] == "", reports[copy]
    passed = re.findall(
        rf"^PASSED \S*{copy}\.ipynb::Cell \d+", result.stdout, re.M
    )
    assert len(passed) == len(CELLS), result.stdout
    assert re.search(
        r"\b3 failed, \d+ passed", result.stdout
    )  # one per change


def test_nbval_reports_a_changed_output_number(nbval_run):
    result, reports, (old, new) = nbval_run
    out = reports["printed"]
    assert re.search(r"cell \d+ \(starts `", out), out  # named as Lab shows it
    # the tampered value is the stored one; a fresh run gives the original back
    stored, fresh = out.index("stored: "), out.index("new: ")
    assert stored < out.index(new, stored) < fresh < out.index(old, fresh)
    assert "make notebooks" in result.stdout and "regression" in result.stdout


def test_nbval_reports_a_changed_glued_number(nbval_run):
    """A number the prose shows (glued) is guarded like a printed one."""
    _, reports, _ = nbval_run
    assert "stored: " in reports["glued"] and "new: " in reports["glued"]


def test_nbval_compares_figures(nbval_run):
    """A figure that changed is caught, in the same single execution."""
    _, reports, _ = nbval_run
    assert "image/png differs" in reports["figure"]
