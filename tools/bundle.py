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

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile

import nbformat

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

1. Create a virtual environment with Python 3.11 or newer and activate it:

       python3 -m venv .venv
       source .venv/bin/activate        (Windows: .venv\\Scripts\\activate)

2. From this folder, install the exact versions the book was executed with,
   including the book's package `lossbook` ({wheel}):

       pip install -r requirements.txt

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
    """Resolve ``requirements-reader.txt`` with pip, constrained by the
    project's pins (JupyterLab's pins from requirements-lab.txt win)."""
    pins = {}
    for source in ("requirements-lab.txt", "requirements.txt"):
        for line in (ROOT / source).read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                pins.setdefault(
                    line.split("==")[0].lower().replace("_", "-"), line
                )
    with tempfile.TemporaryDirectory() as tmp:
        constraints = f"{tmp}/constraints.txt"
        report = f"{tmp}/report.json"
        with open(constraints, "w") as f:
            f.write("\n".join(pins.values()) + "\n")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--dry-run",
                "--quiet",
                "--ignore-installed",
                "--report",
                report,
                "-c",
                constraints,
                *TOP_LEVEL,
            ],
            check=True,
        )
        with open(report) as f:
            installs = json.load(f)["install"]
    lines = sorted(
        f"{item['metadata']['name']}=={item['metadata']['version']}"
        for item in installs
    )
    header = (
        "# What a reader installs to run the chapters (the notebook bundle's\n"
        "# requirements.txt): exact pins, resolved by `python -m tools.bundle\n"
        "# --lock` against requirements.txt and requirements-lab.txt.\n"
    )
    READER.write_text(header + "\n".join(sorted(lines, key=str.lower)) + "\n")


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
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    lock() if "--lock" in sys.argv else build()
