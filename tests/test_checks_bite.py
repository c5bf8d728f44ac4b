"""The tolerance of tools/compare.py hides a change of CPU, not a regression:
with the package or a chapter broken on purpose, nbval over the stored
chapters fails and names the chapter and the cell.

Each break is made in a copy (of lossbook, put first on the kernel's
PYTHONPATH, or of a chapter); the checkout is never touched.  nbval stops at
the first failing cell (``-x``), so each case costs one chapter or a few.

Slow: CI runs it (``make test-slow``)."""

import re
import shutil

import pytest

from tests.helpers import run_nbval
from tools.toc import ROOT, toc_notebooks

pytestmark = pytest.mark.slow

BINARY = "lossbook/binary.py"
# (what is broken, file, text, replacement)
PACKAGE_BREAKS = {
    "sign error in a gradient": (
        BINARY,
        "grad = (1 - y) * p - w_pos * y * not_p",
        "grad = -((1 - y) * p - w_pos * y * not_p)",
    ),
    "log loss off by 1e-4 relatively": (
        BINARY,
        "losses = -y * log_p - (1 - y) * log_not_p",
        "losses = (-y * log_p - (1 - y) * log_not_p) * (1 + 1e-4)",
    ),
    "a changed default: the clamp at -100 moved to -50": (
        BINARY,
        "log_p = np.maximum(np.log(p), -100)",
        "log_p = np.maximum(np.log(p), -50)",
    ),
}
FAILED_CELL = re.compile(r"(\S+\.ipynb), cell (\d+) \(starts `")


def nbval(notebooks, env=None, first=True):
    """nbval over ``notebooks`` with the book's plugin, stopping at the first
    failure unless ``first`` is false; returns (exit code, output)."""
    options = ["-p", "no:xdist", "-o", "addopts="] + (["-x"] if first else [])
    result = run_nbval(*options, *notebooks, env=env)
    return result.returncode, result.stdout + result.stderr


def broken_package(folder, case):
    """A copy of lossbook in ``folder`` with one break; the environment that
    makes a kernel import it."""
    path, text, replacement = PACKAGE_BREAKS[case]
    shutil.copytree(ROOT / "lossbook", folder / "lossbook")
    broken = folder / path
    source = broken.read_text()
    assert source.count(text) == 1, f"{path} no longer holds {text!r}"
    broken.write_text(source.replace(text, replacement))
    return {"PYTHONPATH": str(folder)}


@pytest.mark.parametrize("case", PACKAGE_BREAKS)
def test_a_broken_package_fails_the_chapters(tmp_path, case):
    env = broken_package(tmp_path, case)
    code, out = nbval(toc_notebooks(), env=env)
    assert code == 1, out[-3000:]
    failed = FAILED_CELL.search(out)
    assert failed, out[-3000:]
    print(case, "->", failed.group(0), re.findall(r"  \S+ differs", out))
    if "gradient" not in case:  # a wrong number, not a crash
        assert " differs\n    stored: " in out, out[-3000:]
    assert "make notebooks" in out and "regression" in out  # the hint


def test_a_small_change_of_the_log_loss_shows_in_the_glued_numbers(tmp_path):
    """Not only in a figure: the numbers the prose shows catch 1e-4 too."""
    env = broken_package(tmp_path, "log loss off by 1e-4 relatively")
    code, out = nbval([ROOT / "book" / "log-loss.ipynb"], env, first=False)
    assert code == 1
    glued = re.findall(r"  glue:(\w+) differs", out)
    assert glued, out[-3000:]
    print("glued values that differ:", glued)


# A generator seeded on a line of its own, as a notebook's JSON stores it:
# "rng = np.random.default_rng(0)\n" or "...default_rng(seed=0)\n".
SEEDED = re.compile(
    r'"\w+ = np\.random\.default_rng\((?:seed=)?(?P<seed>\d+)\)\\n"'
)


def first_seed():
    """The first chapter of the toc that seeds a generator on a line of its
    own, and that line: any chapter will do (a fork may remove any), so the
    test takes the first rather than naming one."""
    for chapter in toc_notebooks():
        text = chapter.read_text()
        for line in SEEDED.finditer(text):
            if text.count(line.group()) == 1:
                return chapter, line
    pytest.fail("no chapter seeds a generator on a line of its own")


def test_a_changed_seed_fails_its_chapter(tmp_path):
    chapter, line = first_seed()
    copy = tmp_path / chapter.name
    text = chapter.read_text()
    start, end = line.span("seed")
    changed = str(int(line["seed"]) + 7)
    copy.write_text(text[:start] + changed + text[end:])
    # the data a chapter may read beside it
    shutil.copytree(chapter.parent / "data", tmp_path / "data")
    code, out = nbval([copy])
    assert code == 1, out[-3000:]
    failed = FAILED_CELL.search(out)
    assert failed and failed.group(1) == chapter.name, out[-3000:]
