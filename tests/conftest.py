"""Shared fixtures: the strict book build, done once per test run."""

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.toc import ROOT

# Asserts in the shared test helpers report their values, as in test files.
pytest.register_assert_rewrite("tests.helpers")

BUILD = ROOT / "_build"
HTML = BUILD / "html"


@pytest.fixture(scope="session")
def built_book():
    """Build the book once per test run (shared by xdist workers), strictly.

    Runs ``jupyter-book build`` with warnings as errors and nitpicky references,
    rebuilding every page, and returns the HTML folder.  With
    ``LOSSBOOK_HTML=<folder>`` set, that folder is used as it is (for work on
    one check against a build of one's own).  A failed build fails
    every test that needs it, with Sphinx's output in the message.
    """
    if os.environ.get("LOSSBOOK_HTML"):  # a build made elsewhere, as it is
        return Path(os.environ["LOSSBOOK_HTML"]).resolve()
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))
    BUILD.mkdir(exist_ok=True)
    stamp = BUILD / ".test-build"
    with open(BUILD / ".test-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (stamp.exists() and stamp.read_text().startswith(run_id)):
            shutil.rmtree(
                HTML, ignore_errors=True
            )  # no page of an older build
            # the notebook bundle the pages offer, as `make book` builds it
            subprocess.run([sys.executable, "-m", "tools.bundle"], check=True)
            jb = Path(sys.executable).parent / "jupyter-book"
            result = subprocess.run(
                [
                    str(jb),
                    "build",
                    str(ROOT),
                    "--builder",
                    "html",
                    "--all",
                    "-W",
                    "-n",
                    "--keep-going",
                ],
                capture_output=True,
                text=True,
            )
            stamp.write_text(
                f"{run_id}\n{result.returncode}\n{result.stdout[-6000:]}{result.stderr[-4000:]}"
            )
    _, code, log = stamp.read_text().split("\n", 2)
    assert code == "0", f"the strict book build failed:\n{log}"
    return HTML


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (tests/browser.py), one per test module."""
    from tests.browser import launch

    yield from launch()


@pytest.fixture(scope="module")
def tab(browser):
    """One tab that a test module's page visits share (``tab.goto(url)``):
    each visit navigates afresh, and the warm tab halves the time."""
    from tests.browser import Visit

    visit = Visit(browser)
    yield visit
    visit.close()
