"""The notebook bundle: every chapter, runnable outside the repository.

    python -m tools.bundle            # _build/bundle/log-loss-book-notebooks.zip
    python -m tools.bundle --lock     # re-resolve requirements-reader.txt

Two zips, one for each edition of the reader notebooks (``tools/reader.py``:
the chapters in plain Markdown, numbers written in): the **teacher** edition
keeps every solution, the **student** edition has an empty answer cell in
its place.  Each holds one folder with every chapter notebook and its stored
outputs, the glossary as a notebook,
the data files the chapters read, the wheel of ``lossbook`` built from this
checkout (the same artefact ``make dist`` builds), a ``requirements.txt`` of
exact pins of what the chapters import plus JupyterLab to open them (from
``requirements-reader.txt``, no test or build tools), and a README.  ``make
book`` builds it before the HTML, which offers it on every page.

``requirements-reader.txt`` is resolved by pip against the project's own
pins (``--lock``), so a reader runs exactly the versions the book was
executed with.
"""

import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import nbformat

from tools import grading
from tools.reader import GLOSSARY, glossary_notebook, reader_notebook
from tools.toc import ROOT, toc_notebooks

NAME = "log-loss-book-notebooks"
OUT = ROOT / "_build" / "bundle"
ZIP = OUT / "site" / f"{NAME}.zip"  # site/: copied into the HTML
NAMES = {"teacher": NAME, "student": f"{NAME}-student"}
ZIPS = {
    edition: OUT / "site" / f"{name}.zip" for edition, name in NAMES.items()
}
READER = ROOT / "requirements-reader.txt"
DATA = ROOT / "book" / "data"
# What the chapters import, and what a reader needs to open and run them.
TOP_LEVEL = [
    "numpy",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "mpmath",
    "threadpoolctl",
    "jupyterlab",
    "ipykernel",
]

README = """\
# Log Loss, Explained and Computed: the notebooks

Every chapter of the book as a Jupyter notebook, with the outputs the book
shows stored in it, and everything needed to run it again.

1. Create a virtual environment with Python 3.11 to 3.14 and activate it.

   On Windows, in PowerShell:

       py -3.11 -m venv .venv
       .venv\\Scripts\\Activate.ps1

   (`py -0` lists the Pythons installed; `py -3.13` takes another one. If
   PowerShell refuses to run Activate.ps1, run
   `Set-ExecutionPolicy -Scope Process -ExecutionPolicy Bypass` first.)

   On macOS or Linux, in a terminal:

       python3 -m venv .venv
       source .venv/bin/activate

   (`python3 --version` must say 3.11 to 3.14; otherwise use `python3.11`,
   or another of them, in its place.)

2. From this folder, install the exact versions the book was executed with,
   including the book's package `lossbook` ({wheel}):

       pip install -r requirements.txt

   Every pinned version has a wheel, so nothing is compiled, for Windows
   x86-64, macOS 10.15 or newer on Intel and 12 or newer on Apple silicon,
   and Linux x86-64 or aarch64 with glibc 2.28 or newer.

3. Open the notebooks:

       jupyter lab

Each chapter runs top to bottom in a fresh kernel and reproduces the stored
outputs. The numbers in the prose were computed by the chapter's own cells
when the book was built, and are written in as the book shows them; links go
to the other notebooks of this folder and to `glossary.ipynb`.

{edition}

Folders: `data/` holds the files the chapters read (the benchmark of the
Numerics appendix); `wheels/` holds lossbook.
"""
EDITION_NOTE = {
    "teacher": (
        "This is the edition with solutions: each exercise is followed by its "
        "worked solution, code included. The student edition "
        f"({NAME}-student.zip) has an empty answer cell in its place."
    ),
    "student": (
        "This is the student edition: each exercise is followed by an empty "
        "code cell for your answer; the solutions are in the book."
    ),
}


def lock():
    """Resolve ``requirements-reader.txt`` with pip for every platform of
    ``tools.pins.PLATFORMS`` (CPython ``pins.FLOOR``), constrained by the
    project's pins (JupyterLab's pins from requirements-lab.txt win), then
    check the result there for ``pins.PYTHONS`` as `make check-pins` does."""
    from tools import pins

    project = {}
    for source in ("requirements-lab.txt", "requirements.txt"):
        for line in (ROOT / source).read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                project.setdefault(
                    line.split("==")[0].lower().replace("_", "-"), line
                )
    lines, dropped = pins.lock(TOP_LEVEL, project.values())
    labels = [platform.label for platform in pins.PLATFORMS]
    pythons = " and ".join(python.rsplit(".", 1)[0] for python in pins.PYTHONS)
    header = textwrap.fill(
        "What a reader installs to run the chapters (the notebook bundle's "
        "requirements.txt): exact pins, resolved by `python -m tools.bundle "
        "--lock` against requirements.txt and requirements-lab.txt for "
        f"CPython {pins.FLOOR.rsplit('.', 1)[0]} on "
        f"{', '.join(labels[:-1])} and {labels[-1]} (tools/pins.py); a "
        "marker limits a pin to the platforms that install it. `make "
        f"check-pins` checks them there for CPython {pythons}.",
        width=76,
        initial_indent="# ",
        subsequent_indent="# ",
    )
    READER.write_text(header + "\n" + "\n".join(lines) + "\n")
    print(f"wrote {READER.name}: {len(lines)} pins")
    for platform, moved in dropped.items():
        print(
            f"{platform.label}: pip cannot keep {', '.join(moved)} there "
            "(no wheel, or a conflict), so it differs there (see its marker)"
        )
    problems = pins.check(READER)
    if problems:
        sys.exit("\n".join(problems))


def wheel():
    """The wheel of lossbook, built from this checkout into _build/bundle/dist
    (again only when the package or its metadata changed)."""
    dist = OUT / "dist"
    sources = [*(ROOT / "lossbook").rglob("*"), ROOT / "pyproject.toml"]
    built = sorted(dist.glob("lossbook-*.whl"))
    if len(built) == 1 and all(
        built[0].stat().st_mtime > path.stat().st_mtime for path in sources
    ):
        return built[0]
    shutil.rmtree(dist, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(dist.glob("lossbook-*.whl"))


GRADING_README = """\
# Grading the student notebooks

Each folder holds the automatic checks of one chapter's exercises, written
for otter-grader (https://otter-grader.readthedocs.io), which runs here
without Docker. A check reads a name the student's notebook defines (the
student notebook's answer cell lists them) and compares it with the value of
the book's executed solution, within the tolerance stated in the check.

Install the grader next to the notebooks' own requirements, in the same
environment:

    pip install -r ../requirements.txt -r requirements.txt

Then, for one chapter (log-loss here) and one student's notebook:

    cd log-loss
    otter generate -t tests -o autograder.zip --no-requirements --no-environment
    otter run -a autograder.zip -o results path/to/student/log-loss.ipynb

`otter run` executes the notebook, prints a table of the checks and writes
`results/results.json`. Run the notebook from a folder that also holds
`data/` (the Numerics chapter reads it). The checks of the notebooks in this
bundle pass; those of the student bundle, with its answer cells empty, fail.
"""


def add_grading(bundle: zipfile.ZipFile, folder: str) -> None:
    """The chapters' otter checks and the grader's pins, for teachers."""
    with tempfile.TemporaryDirectory() as tmp:
        written = grading.write(Path(tmp))
        for chapter in written:
            for test in sorted((Path(tmp) / chapter / "tests").glob("*.py")):
                bundle.write(test, f"{folder}/{chapter}/tests/{test.name}")
    bundle.writestr(f"{folder}/README.md", GRADING_README)
    bundle.write(grading.LOCK, f"{folder}/requirements.txt")


def build():
    """Write both zips."""
    built = wheel()
    pins = [
        line
        for line in READER.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    requirements = "\n".join([*pins, f"./wheels/{built.name}"]) + "\n"
    for edition, name in NAMES.items():
        target = ZIPS[edition]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        readme = README.format(wheel=built.name, edition=EDITION_NOTE[edition])
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr(f"{name}/README.md", readme)
            bundle.writestr(f"{name}/requirements.txt", requirements)
            bundle.write(built, f"{name}/wheels/{built.name}")
            for chapter in toc_notebooks():
                notebook = reader_notebook(chapter, edition)
                bundle.writestr(
                    f"{name}/{chapter.name}", nbformat.writes(notebook) + "\n"
                )
            bundle.writestr(
                f"{name}/{GLOSSARY}",
                nbformat.writes(glossary_notebook()) + "\n",
            )
            for data in sorted(DATA.iterdir()):
                bundle.write(data, f"{name}/data/{data.name}")
            if edition == "teacher":
                add_grading(bundle, f"{name}/grading")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    lock() if "--lock" in sys.argv else build()
