"""The exercises-only handout (`make handout`): every exercise of the book,
numbered as the book numbers it, and no solution.  Slow (it runs xelatex):
`make test-slow`, run by CI."""

import re
import subprocess
import sys

import pytest

from tools import handout
from tools.toc import ROOT, toc_notebooks, twin

pytestmark = pytest.mark.slow

SOLUTION = re.compile(
    r"^```\{solution-start\}.*?^```\n(?P<body>.*?)^```\{solution-end\}",
    re.M | re.S,
)


@pytest.fixture(scope="module")
def built():
    subprocess.run(
        [sys.executable, "-m", "tools.handout"], cwd=ROOT, check=True
    )
    markdown = (handout.OUT / "src" / "index.md").read_text(encoding="utf-8")
    pdf = subprocess.run(
        ["pdftotext", str(handout.OUT / "exercises.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return markdown, pdf


def test_every_exercise_is_in_the_handout(built):
    markdown, pdf = built
    expected = sum(
        len(handout.EXERCISE.findall(twin(p).read_text(encoding="utf-8")))
        for p in toc_notebooks()
    )
    # numbered as the book numbers them, or by title where the book does
    heading = r"Exercise (\d+(\.\d+)?|\([^)]+\))\."
    assert len(re.findall(rf"^\*\*{heading}\*\*", markdown, re.M)) == expected
    assert len(re.findall(heading, pdf)) == expected
    assert "Exercise 1.1." in pdf and "Exercise 2.1." in pdf


def test_no_solution_is_in_the_handout(built):
    markdown, pdf = built
    assert "Solution to" not in pdf and "{solution" not in markdown
    for path in toc_notebooks():
        text = twin(path).read_text(encoding="utf-8")
        # what the exercises themselves state (data a solution repeats)
        stated = "\n".join(m["body"] for m in handout.EXERCISE.finditer(text))
        for match in SOLUTION.finditer(text):
            prose = [
                line
                for line in match["body"].splitlines()
                if len(line) > 40
                and not line.startswith(("```", ":", "{", "$"))
                and "{" not in line
                and line.strip() not in stated
            ]
            for line in prose[:2]:
                assert line not in markdown, (
                    f"{path.stem}: a solution leaked: {line}"
                )


def test_every_role_is_resolved(built):
    markdown, _ = built
    assert not re.search(r"\{[\w:-]+\}`", markdown), "an unresolved MyST role"
