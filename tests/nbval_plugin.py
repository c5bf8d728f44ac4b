"""Pytest plugin for nbval, the check that re-executes every chapter and
compares each output with the one stored in the notebook.

- Outputs are compared by the book's rule (``tools/compare.py``): glued
  values within a relative 1e-6, printed numbers within one unit of their last
  printed digit, everything else exactly, so the stored outputs hold on any
  CPU while a real change still fails.
- Figures are compared too (nbval skips PNGs unless told otherwise), so one
  execution of each notebook in ``make test`` checks every output, figures
  included.
- A failure names the cell as a person sees it in JupyterLab or in the
  chapter's twin (its position among all cells and its first line) and shows
  the stored value before the new one.
- After any failure, the summary says what to do.
"""

import json
import os

import pytest
from nbval.plugin import IPyNbCell

from tools.compare import agree, flatten, margin

HINT = (
    "A chapter's stored outputs differ from a fresh run (nbval).\n"
    "- If you changed the chapter or lossbook on purpose, run `make notebooks` "
    "(or `make notebooks NB=<chapter>`) and commit the re-executed notebooks.\n"
    "- If you did not, the package has a regression: run "
    "`.venv/bin/python -m pytest lossbook tests -k lossbook` first and fix "
    "what it reports."
)
_FAILED_CELLS = []


def _shorten(value, limit=300):
    text = str(value)
    if len(text) > limit:
        text = f"{text[:limit]}… ({len(text)} characters)"
    return text.rstrip("\n").replace("\n", "\n" + " " * 12)


def _stored_then_new(self, key, stored, new):
    """Replaces nbval's pytest-style diff, whose -/+ order readers misread."""
    self.comparison_traceback.append(
        f"  {key} differs\n    stored: {_shorten(stored)}\n    new:    {_shorten(new)}"
    )


def _compare_outputs(self, test, ref, skip_compare=None):
    """Replaces nbval's exact comparison with the book's rule."""
    skip = skip_compare or self.parent.skip_compare
    stored, new = flatten(ref, skip), flatten(test, skip)
    self.comparison_traceback = []
    if stored.keys() != new.keys():
        missing = sorted(stored.keys() - new.keys())
        extra = sorted(new.keys() - stored.keys())
        self.comparison_traceback.append(
            f"  outputs differ: missing {missing}, unexpected {extra}"
        )
        return False
    for key, values in stored.items():
        if len(values) != len(new[key]):
            self.comparison_traceback.append(
                f"  {key}: {len(values)} outputs stored, {len(new[key])} new"
            )
            return False
        for a, b in zip(values, new[key], strict=True):
            _record_margin(self, key, a, b)
            if not agree(key, a, b):
                self.format_output_compare(key, a, b)
                return False
    return True


def _record_margin(cell, key, stored, new):
    """With LOSSBOOK_MARGINS=<file>, append every output that is not the
    stored one, with the share of the tolerance it uses (tools/cpu_variants
    reports the closest calls)."""
    target = os.environ.get("LOSSBOOK_MARGINS")
    if not target or stored == new:
        return
    record = {
        "cell": describe(cell),
        "key": key,
        "margin": margin(key, stored, new),
        "stored": _shorten(stored, 80),
        "new": _shorten(new, 80),
    }
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")


IPyNbCell.format_output_compare = _stored_then_new
IPyNbCell.compare_outputs = _compare_outputs


def describe(item):
    """``book/x.ipynb, cell 12 (starts `glue("a", a)`)``: the cell's position
    among all cells, as JupyterLab counts them, and its first line."""
    cells = item.parent.nb.cells
    number = next(
        i for i, cell in enumerate(cells, start=1) if cell is item.cell
    )
    first = item.cell.source.strip().split("\n", 1)[0]
    return f"{item.parent.path.name}, cell {number} (starts `{first}`)"


def pytest_collection_modifyitems(items):
    for item in items:
        if isinstance(item, IPyNbCell):
            skipped = item.parent.skip_compare
            item.parent.skip_compare = tuple(
                k for k in skipped if k != "image/png"
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and isinstance(item, IPyNbCell):
        report.longrepr = f"{describe(item)}\n{report.longrepr}"
        _FAILED_CELLS.append(report.nodeid)


def pytest_runtest_logreport(report):
    # Under pytest-xdist only this hook reaches the controlling process.
    if report.failed and ".ipynb::Cell" in report.nodeid:
        if report.nodeid not in _FAILED_CELLS:
            _FAILED_CELLS.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _FAILED_CELLS:
        terminalreporter.write_sep("=", "how to fix", yellow=True)
        terminalreporter.write_line(HINT)
