"""Autograded exercises, checked with otter-grader.

``book/grading.yml`` names, for each autograded exercise (by its label), the
values a student's notebook must define and how each is checked:

    ex-ll-bits:
      answers:
        - name: bits              # a name the solution's code defines
          what: the mean log loss in bits
          glue: ex_bits_loss_bits # expected: the solution's glued value
          rtol: 1.0e-6

or, for a function or an array, ``check:`` with a Python expression that
must be true (``np`` and ``lossbook`` are imported), e.g.
``np.allclose(stable_bce(y, z), lossbook.binary_cross_entropy(y, z))``.
An expected value comes from the executed solution: the chapter's stored
glued value, never a number typed here.

``python -m tools.grading verify --nb log-loss`` runs a chapter's checks on
its teacher and student notebooks in this environment (every check must pass
on the teacher's and fail on the student's).  ``python -m tools.grading
write DIR`` writes one otter test folder per
chapter (``DIR/<chapter>/tests/<label>.py``, otter's OK format), which
``otter generate`` turns into the chapter's autograder and ``otter run``
applies to a notebook without Docker.  The teacher bundle ships them with a
README; ``make test-bundle`` runs otter on every teacher notebook (all
checks pass) and every student notebook (each check fails).  The student
notebook's answer cell for such an exercise names what the grader reads
(:func:`answer_cell`).
"""

from __future__ import annotations

import argparse
import ast
import json
import pprint
import re
import sys
from functools import cache
from pathlib import Path

import yaml

from tools.notebooks import glued, read
from tools.toc import ROOT, toc_notebooks

SPEC = ROOT / "book" / "grading.yml"
KINDS = ("predict", "prove", "construct", "compute", "transfer")
LEVELS = ("basic", "intermediate", "challenging")
MARK = re.compile(
    rf"^\*(?P<kind>{'|'.join(k.capitalize() for k in KINDS)}) · "
    rf"(?P<level>{'|'.join(LEVELS)})\*$",
    re.M,
)


@cache
def spec() -> dict:
    """The autograded exercises, by label."""
    if not SPEC.exists():
        return {}
    return yaml.safe_load(SPEC.read_text(encoding="utf-8")) or {}


@cache
def exercise_chapters() -> dict[str, Path]:
    """Each exercise label and the chapter notebook that holds it."""
    found = {}
    for path in toc_notebooks():
        text = (path.parent / "src" / f"{path.stem}.md").read_text(
            encoding="utf-8"
        )
        for label in re.findall(r"^:label: (\S+)", text, re.M):
            found[label] = path
    return found


def expected(label: str, answer: dict) -> float | int:
    """The value an answer must have: the solution's glued value."""
    values = glued(exercise_chapters()[label])
    text = values[answer["glue"]]
    return float(text) if re.search(r"[.eEn]", text) else int(text)


def case_code(label: str, answer: dict) -> str:
    """The doctest otter runs for one answer.

    >>> case_code("x", {"name": "f", "check": "f(2) == 4"}).splitlines()[-2:]
    ['>>> bool(f(2) == 4)', 'True']
    """
    lines = [">>> import numpy as np", ">>> import lossbook"]
    if "check" in answer:
        lines.append(f">>> bool({answer['check']})")
    else:
        value = expected(label, answer)
        rtol = answer.get("rtol", 0.0)
        atol = answer.get("atol", 0.0)
        lines.append(
            f">>> bool(np.allclose({answer['name']}, {value!r}, "
            f"rtol={rtol!r}, atol={atol!r}))"
        )
    lines.append("True")
    return "\n".join(lines)


def otter_test(label: str) -> str:
    """One exercise's otter test file (OK format), a point per answer."""
    answers = spec()[label]["answers"]
    test = {
        "name": label,
        "points": len(answers),
        "suites": [
            {
                "cases": [
                    {
                        "code": case_code(label, answer),
                        "hidden": False,
                        "locked": False,
                        "points": 1,
                    }
                    for answer in answers
                ],
                "scored": True,
                "setup": "",
                "teardown": "",
                "type": "doctest",
            }
        ],
    }
    return (
        "OK_FORMAT = True\n\ntest = " + pprint.pformat(test, width=79) + "\n"
    )


def write(folder: Path) -> dict[str, list[str]]:
    """Every chapter's otter tests under ``folder/<chapter>/tests``; returns
    the labels written per chapter."""
    written: dict[str, list[str]] = {}
    for label in spec():
        chapter = exercise_chapters()[label].stem
        tests = folder / chapter / "tests"
        tests.mkdir(parents=True, exist_ok=True)
        (tests / f"{label}.py").write_text(otter_test(label), encoding="utf-8")
        written.setdefault(chapter, []).append(label)
    return written


def answer_cell(label: str, number: str) -> str:
    """The student's answer cell: what the grader reads, if anything."""
    head = f"# Exercise {number}: your answer\n"
    if label not in spec():
        return head
    lines = [
        head.rstrip("\n") + ". The grader reads these names:",
        *(f"#   {a['name']}: {a['what']}" for a in spec()[label]["answers"]),
    ]
    lines += [f"{a['name']} = ..." for a in spec()[label]["answers"]]
    return "\n".join(lines) + "\n"


def solution_names(path: Path) -> dict[str, set[str]]:
    """Names assigned at the top level of each solution's code, by label."""
    names: dict[str, set[str]] = {}
    current = None
    for cell in read(path).cells:
        if cell.cell_type == "markdown":
            for fence, arg in re.findall(
                r"\{(solution-start|solution-end)\}\s*(\S*)", cell.source
            ):
                current = arg if fence == "solution-start" else None
        elif current and cell.cell_type == "code":
            tree = ast.parse(cell.source)
            for node in tree.body:
                targets = []
                if isinstance(node, ast.Assign):
                    targets = node.targets
                elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                    targets = [node.target]
                elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    names.setdefault(current, set()).add(node.name)
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            names.setdefault(current, set()).add(sub.id)
    return names


CHECKER = """
import json as _json
_results = {}
for _label, _cases in _CASES.items():
    _passed = []
    for _code in _cases:
        _lines = [l[4:] for l in _code.splitlines() if l.startswith(">>> ")]
        try:
            for _line in _lines[:-1]:
                exec(_line)
            _passed.append(eval(_lines[-1]) is True)
        except Exception:
            _passed.append(False)
    _results[_label] = _passed
print(_json.dumps(_results))
"""


def verify(path: Path) -> dict[str, dict[str, list[bool]]]:
    """Run one chapter's checks on its teacher and student reader notebooks
    in this environment (a quick look while writing ``grading.yml``; the
    real grader, otter, runs in ``make test-bundle``): ``{edition: {label:
    [passed per answer]}}``."""
    import nbformat
    from nbclient import NotebookClient

    from tools.reader import reader_notebook

    cases = {
        label: [case_code(label, a) for a in spec()[label]["answers"]]
        for label in spec()
        if exercise_chapters()[label] == path
    }
    found = {}
    for edition in ("teacher", "student"):
        nb = reader_notebook(path, edition)
        nb.cells.append(
            nbformat.v4.new_code_cell(f"_CASES = {cases!r}\n{CHECKER}")
        )
        NotebookClient(
            nb, timeout=600, kernel_name="python3", allow_errors=True
        ).execute(cwd=str(path.parent))
        out = nb.cells[-1].outputs
        text = "".join(
            o.get("text", "") for o in out if o.get("name") == "stdout"
        )
        found[edition] = json.loads(text) if text else {"error": [False]}
    return found


GRADER = "otter-grader==7.0.0"
LOCK = ROOT / "requirements-grading.txt"


def lock() -> None:
    """Resolve ``requirements-grading.txt``: the grader and everything it
    needs, exact pins, constrained by the reader's pins so that one
    environment holds both (``pip install -r requirements.txt -r
    grading/requirements.txt``)."""
    import subprocess
    import tempfile

    pins = ROOT / "requirements-reader.txt"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
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
                str(report),
                "-c",
                str(pins),
                GRADER,
            ],
            check=True,
        )
        installs = json.loads(report.read_text())["install"]
    lines = sorted(
        (
            f"{i['metadata']['name']}=={i['metadata']['version']}"
            for i in installs
        ),
        key=str.lower,
    )
    LOCK.write_text(
        "# The grader (otter-grader) and what it needs, for the teacher's\n"
        "# bundle: exact pins resolved by `python -m tools.grading lock`\n"
        "# against requirements-reader.txt.\n" + "\n".join(lines) + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("write").add_argument("folder", type=Path)
    check = sub.add_parser("verify")
    check.add_argument("--nb", action="append", help="chapter (repeatable)")
    sub.add_parser("lock")
    args = parser.parse_args(argv)
    if args.command == "lock":
        lock()
        return 0
    if args.command == "write":
        print(json.dumps(write(args.folder), indent=1))
        return 0
    chapters = [ROOT / "book" / f"{n}.ipynb" for n in args.nb or []] or [
        p for p in toc_notebooks() if p in exercise_chapters().values()
    ]
    bad = 0
    for path in chapters:
        result = verify(path)
        for label in result["teacher"]:
            teacher = result["teacher"][label]
            student = result["student"].get(label, [])
            ok = all(teacher) and not any(student)
            bad += not ok
            print(
                f"{path.stem} {label}: teacher {teacher} student {student}"
                f" {'ok' if ok else 'WRONG'}"
            )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
