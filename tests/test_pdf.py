"""The PDF of the whole book (`make pdf`): it builds, numbers its chapters as
the HTML does, and carries the book's worked numbers and Chinese terms as
text.  Slow (the LaTeX build takes about a minute): `make test-slow`, run by
CI."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import syllabus
from tools.toc import ROOT

pytestmark = pytest.mark.slow

PDF = ROOT / "_build" / "latex" / "log-loss-book.pdf"


@pytest.fixture(scope="module")
def pdf_text():
    assert shutil.which("xelatex") and shutil.which("pdftotext"), (
        "the PDF needs Debian's TeX packages and poppler-utils (see .ci/run)"
    )
    jb = Path(sys.executable).parent / "jupyter-book"
    build = subprocess.run(
        [str(jb), "build", str(ROOT), "--builder", "pdflatex"],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0 and PDF.exists(), build.stdout[-4000:]
    text = subprocess.run(
        ["pdftotext", str(PDF), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text


@pytest.mark.parametrize(
    "key",
    ["log_loss_y1_a09", "batch_mean", "log_loss_y0_a099", "digit_model_a"],
)
def test_worked_numbers_are_text_in_the_pdf(pdf_text, key):
    assert syllabus.ENTRIES[key]["value"] in pdf_text


def test_chinese_terms_are_text_in_the_pdf(pdf_text):
    assert "对数损失" in pdf_text and "交叉熵" in pdf_text


def test_chapters_are_numbered_as_in_the_html(pdf_text):
    # the preface and notation are unnumbered; Logarithms is chapter 1
    contents = pdf_text[
        : pdf_text.index("Bibliography")
    ]  # the table of contents
    assert re.search(r"^1 Logarithms$", contents, re.MULTILINE)
    assert re.search(r"^2 Log loss$", contents, re.MULTILINE)
    assert re.search(r"^Notation$", contents, re.MULTILINE)
    assert not re.search(
        r"^\d+ (Notation|How the numbers)", contents, re.MULTILINE
    )
    assert "Exercise 1.1" in pdf_text and "Exercise 1.7.1" not in pdf_text


def test_no_glue_call_is_in_the_pdf(pdf_text):
    """The PDF shows the computations, not the glue calls that hand their
    numbers to the text (tools/sphinx_plumbing.py); only the API reference,
    which documents glue itself, names it."""
    chapters = pdf_text[
        : pdf_text.index("Every chapter computes through lossbook")
    ]
    assert "glue(" not in chapters and "glue_all(" not in chapters
    assert (
        "loss_nats / np.log(2)" in chapters
    )  # a computation a glue call held


def test_the_chinese_edition_builds_its_pdf():
    """`make pdf` also builds the Chinese edition (xelatex, xeCJK, Noto CJK),
    which the Chinese pages offer in their download menu."""
    build = subprocess.run(
        [sys.executable, "-m", "tools.i18n", "pdf", "zh_CN"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-2000:]
    text = subprocess.run(
        ["pdftotext", str(ROOT / "_build" / "log-loss-book-zh.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "对数损失：原理与计算" in text and "交叉熵" in text
    assert (
        "glue("
        not in text[: text.index("Every chapter computes through lossbook")]
    )
