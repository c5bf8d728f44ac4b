"""The student's path, end to end: the notebook bundle this checkout builds,
unzipped into an empty folder outside the repository, installed into a fresh
virtual environment from its own requirements.txt (the package registry and
the bundled wheel only), runs every chapter with the outputs the book stores.

Slow (installing takes about a minute, running the chapters another): it has
its own target, `make test-bundle`, which CI runs.  The bundle holds reader
notebooks (tools/reader.py: the book's outputs, without glue calls, whose
values are checked by nbval in `make test`); each is compared with its own
re-execution by the book's rule (tools/compare.py), as nbval does, and every
notebook of the student edition must run with its answer cells empty.
"""

import json
import subprocess
import sys
import zipfile

import nbformat
import pytest

from tools import bundle
from tools.compare import agree, flatten
from tools.run_notebooks import merge_streams
from tools.toc import ROOT, toc_notebooks

pytestmark = pytest.mark.bundle

RUN = """
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

for path in sorted(Path(".").glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3").execute()
    nbformat.write(nb, path)
    print("ran", path, flush=True)
"""


def pip_install(python, folder):
    """``pip install -r requirements.txt`` in ``folder``, as a reader does."""
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-r",
            "requirements.txt",
        ],
        cwd=folder,
        check=True,
    )


@pytest.fixture(scope="module")
def reader_folder(tmp_path_factory):
    subprocess.run(
        [sys.executable, "-m", "tools.bundle"], cwd=ROOT, check=True
    )
    home = tmp_path_factory.mktemp("reader")  # outside the repository
    assert ROOT not in home.parents
    with zipfile.ZipFile(bundle.ZIP) as z:
        z.extractall(home)
    folder = home / bundle.NAME
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip_install(python, folder)
    (home / "run.py").write_text(RUN)
    subprocess.run([str(python), str(home / "run.py")], cwd=folder, check=True)
    return folder


def visible(nb):
    """Each code cell's outputs as a reader sees them, flattened as nbval
    compares them."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        # glued values are invisible; the prints around them read as one
        outputs = merge_streams(
            [
                out
                for out in cell.outputs
                if "scrapbook" not in out.get("metadata", {})
            ]
        )
        cells.append(flatten(outputs, skip=("metadata", "execution_count")))
    return cells


def same(stored, fresh):
    return stored.keys() == fresh.keys() and all(
        len(values) == len(fresh[key])
        and all(
            agree(key, a, b) for a, b in zip(values, fresh[key], strict=True)
        )
        for key, values in stored.items()
    )


@pytest.mark.parametrize("edition", sorted(bundle.ZIPS))
def test_the_bundle_holds_what_a_reader_needs(edition):
    with zipfile.ZipFile(bundle.ZIPS[edition]) as z:
        names = set(z.namelist())
    folder = bundle.NAMES[edition]
    assert {f"{folder}/README.md", f"{folder}/requirements.txt"} <= names
    assert any(n.startswith(f"{folder}/wheels/lossbook-") for n in names)
    assert {f"{folder}/{p.name}" for p in toc_notebooks()} <= names
    assert f"{folder}/glossary.ipynb" in names
    assert f"{folder}/data/benchmark.json" in names


def test_student_notebooks_run_with_their_answer_cells_empty(reader_folder):
    """The student edition leaves out the solutions' code: no later cell may
    need it.  Every student notebook runs top to bottom in the reader's
    environment."""
    home = reader_folder.parent
    with zipfile.ZipFile(bundle.ZIPS["student"]) as z:
        z.extractall(home)
    folder = home / bundle.NAMES["student"]
    python = home / "venv" / "bin" / "python"
    subprocess.run([str(python), str(home / "run.py")], cwd=folder, check=True)
    ran = sorted(folder.glob("*.ipynb"))
    assert len(ran) == len(toc_notebooks()) + 1  # and the glossary
    for path in ran:
        nb = nbformat.read(path, as_version=4)
        errors = [
            out
            for cell in nb.cells
            if cell.cell_type == "code"
            for out in cell.get("outputs", [])
            if out.get("output_type") == "error"
        ]
        assert not errors, f"{path.name}: {errors[0]['ename']}"


@pytest.mark.parametrize("chapter", toc_notebooks(), ids=lambda p: p.stem)
def test_chapter_runs_as_stored_in_a_readers_environment(
    reader_folder, chapter
):
    # the reader notebook as shipped (the book's outputs, written by
    # tools/reader.py), against the same notebook run by the reader
    with zipfile.ZipFile(bundle.ZIP) as z:
        shipped = z.read(f"{bundle.NAME}/{chapter.name}").decode()
    stored = nbformat.reads(shipped, as_version=4)
    fresh = nbformat.read(reader_folder / chapter.name, as_version=4)
    for number, (a, b) in enumerate(
        zip(visible(stored), visible(fresh), strict=True)
    ):
        assert same(a, b), f"{chapter.name}: code cell {number + 1} differs"


def otter_scores(python, chapter_dir, notebook, out):
    """Run otter on one notebook: {check: (score, max_score)}."""
    otter = python.parent / "otter"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            str(otter),
            "run",
            "-a",
            "autograder.zip",
            "-o",
            str(out),
            str(notebook),
        ],
        cwd=chapter_dir,
        check=True,
        capture_output=True,
    )
    results = json.loads((out / "results.json").read_text())
    return {
        t["name"]: (t["score"], t["max_score"])
        for t in results["tests"]
        if t.get("max_score")
    }


def test_the_grader_passes_the_teacher_and_fails_the_student(reader_folder):
    """The teacher bundle's otter checks, run as its grading README says:
    every check passes on the teacher's notebook and fails on the student's
    with its answer cells empty."""
    home = reader_folder.parent
    python = home / "venv" / "bin" / "python"
    grading = reader_folder / "grading"
    pip_install(python, grading)
    student = home / bundle.NAMES["student"]
    if not student.exists():
        with zipfile.ZipFile(bundle.ZIPS["student"]) as z:
            z.extractall(home)
    chapters = sorted(p for p in grading.iterdir() if (p / "tests").is_dir())
    assert sum(len(list((c / "tests").glob("*.py"))) for c in chapters) >= 20
    for chapter in chapters:
        subprocess.run(
            [
                str(python.parent / "otter"),
                "generate",
                "-t",
                "tests",
                "-o",
                "autograder.zip",
                "--no-requirements",
                "--no-environment",
            ],
            cwd=chapter,
            check=True,
            capture_output=True,
        )
        notebook = f"{chapter.name}.ipynb"
        passed = otter_scores(
            python, chapter, reader_folder / notebook, chapter / "t"
        )
        failed = otter_scores(
            python, chapter, student / notebook, chapter / "s"
        )
        labels = {p.stem for p in (chapter / "tests").glob("*.py")}
        assert set(passed) == labels == set(failed)
        for label in labels:
            score, most = passed[label]
            assert score == most, (
                f"{chapter.name} {label}: teacher {score}/{most}"
            )
            assert failed[label][0] == 0, (
                f"{chapter.name} {label}: student scores"
            )
