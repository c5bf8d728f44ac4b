"""The student's path, end to end: the notebook bundle this checkout builds,
unzipped into an empty folder outside the repository, installed into a fresh
virtual environment from its own requirements.txt (the package registry and
the bundled wheel only), runs every chapter with the outputs the book stores.

Slow (installing takes about a minute, running the chapters another): it has
its own target, `make test-bundle`, which CI runs.  The bundle holds reader
notebooks (tools/reader.py: the book's outputs, without glue calls, whose
values are checked by nbval in `make test`); each is compared with its own
re-execution by the book's rule (tools/compare.py), as nbval does, and every
notebook of the student edition must run with its answer cells empty.  A
reader notebook is also opened in JupyterLab from that environment, in
headless Chromium, and checked for what a student sees (screenshots in
_build/screenshots/lab-*.png).
"""

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from urllib.parse import urlparse

import nbformat
import pytest

from tests.browser import SCREENSHOTS, needs_chromium
from tools import bundle
from tools.compare import agree, flatten
from tools.notebooks import glued
from tools.reader import GLOSSARY, book
from tools.run_notebooks import merge_streams
from tools.toc import ROOT, toc_notebooks, twin

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


# --- the notebooks in plain JupyterLab --------------------------------------

LOCAL = ("127.0.0.1", "localhost")
# What plain Jupyter would show of MyST that was not converted.
MYST_MARKUP = ("{glue", "{term}", "{ref}", "{numref}", ":::", "```{")
CHAPTER = ROOT / "book" / "log-loss.ipynb"
RENDERED = ".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown"
# Every Markdown cell rendered and typeset: MathJax leaves no `$` behind.
RENDERED_ALL = """([selector, count]) => {
    const cells = document.querySelectorAll(selector);
    return cells.length === count
        && Array.from(cells).every(c => !c.textContent.includes('$'));
}"""
MARKDOWN_TEXT = """(selector) => Array.from(document.querySelectorAll(selector))
    .map(c => c.textContent).join('\\n')"""
# A fenced directive shows as a code block whose "language" is `{name}`.
DIRECTIVE_BLOCKS = """(selector) => Array.from(document.querySelectorAll(
    `${selector} pre, ${selector} code`)).filter(
    e => /\\{/.test(e.className)).length"""

# After a link opened the glossary: its kernel is named in its toolbar, or
# JupyterLab asks which kernel to start.
KERNEL_OR_DIALOG = """() => {
    if (document.querySelector('.jp-Dialog')) { return true; }
    const tab = document.querySelector(
        '.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
    const panel = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName');
    return tab && tab.textContent.includes('glossary.ipynb')
        && panel && /Python/.test(panel.textContent);
}"""


def shown_numbers(path):
    """The glued numbers of a chapter as the book shows them (and as the
    reader notebook writes them in: tests/test_reader.py), those of four
    characters or more, which no other text of the page is likely to hold by
    chance."""
    from myst_nb.core.variables import format_plain_text

    values = glued(path)
    source = twin(path).read_text(encoding="utf-8")
    shown = {
        format_plain_text(values[name], spec or "s")
        for name, spec in re.findall(
            r"\{glue:text\}`(?![^`]*::)([\w]+):?([^`]*)`", source
        )
    }
    return sorted(s for s in shown if len(s) >= 4)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(folder, venv):
    """``jupyter lab`` from the reader's environment in ``folder``, as the
    bundle's README says, on a free local port with no token or password;
    yields its URL, and stops it (terminate, then wait) whatever happens.

    A home of its own keeps this machine's Jupyter settings and workspaces
    out; ``--allow-root`` is for CI, which runs as root; no check for a new
    JupyterLab release (the only request the server itself would send out:
    the network is not the reader's here)."""
    port = free_port()
    home = folder.parent / f"home-{folder.name}"
    home.mkdir(exist_ok=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER", "XDG_", "IPYTHON"))
    }
    env["HOME"] = str(home)
    log = open(home / f"lab-{folder.name}.log", "w")
    server = subprocess.Popen(
        [
            str(venv / "bin" / "jupyter"),
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--PasswordIdentityProvider.hashed_password=",
            f"--ServerApp.root_dir={folder}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (
                f"jupyter lab exited: {(home / log.name).read_text()[-2000:]}"
            )
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=5):
                    break
            except OSError:
                assert time.monotonic() < deadline, "jupyter lab is silent"
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


class LabTab:
    """A page of JupyterLab in its own browser context: requests anywhere
    but this machine are refused and recorded (JupyterLab must work
    offline), and so are the page's errors."""

    def __init__(self, browser, width, height):
        self.context = browser.new_context(
            viewport={"width": width, "height": height}
        )
        self.blocked, self.errors, self.warnings = [], [], []
        self.context.route("**/*", self._only_local)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _only_local(self, route):
        if urlparse(route.request.url).hostname in LOCAL:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.errors.append(message.text)
        elif message.type == "warning":
            self.warnings.append(message.text)

    def open(self, url, notebook):
        """Open ``notebook`` in JupyterLab at ``url`` in a fresh workspace
        (no layout of an earlier visit) and wait until each of its Markdown
        cells is rendered and its math typeset."""
        self.page.goto(
            f"{url}/lab/tree/{notebook.name}?reset", wait_until="load"
        )
        markdown = sum(
            c.cell_type == "markdown"
            for c in nbformat.read(notebook, as_version=4).cells
        )
        self.page.wait_for_function(
            RENDERED_ALL, arg=[RENDERED, markdown], timeout=120_000
        )
        return self.page

    def tidy(self, width):
        """What a reader would do before reading: hide JupyterLab's question
        about its news (a notification over the page's corner), and on a
        phone fold the file browser, which opens over the notebook."""
        self.page.locator(".jp-Notification-Toast-Close").click(timeout=10_000)
        if width < 600:
            self.page.locator(
                '.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]'
            ).click()
        self.page.wait_for_timeout(500)  # the layout settles

    def follow_a_term(self):
        """Click the first term linked to the glossary: the glossary opens
        in a tab of its own, on its kernel, with no dialog in the way (a
        notebook without a kernelspec makes JupyterLab ask for a kernel)."""
        self.page.locator(f'{RENDERED} a[href*="{GLOSSARY}"]').first.click()
        self.page.wait_for_function(KERNEL_OR_DIALOG, timeout=60_000)
        dialogs = self.page.locator(".jp-Dialog").all_text_contents()
        assert not dialogs, f"opening {GLOSSARY}: {dialogs}"

    def close(self):
        self.context.close()


def related(error, notebook):
    """Whether an error the page logged concerns the notebook: it names the
    notebook, or its contents (a cell, Markdown, math, an output, a renderer,
    the sanitizer), or opening it (its model, the document, its context).
    The net is wide on purpose; what it lets through is JupyterLab's own
    trouble elsewhere (an extension's settings, the kernel's websocket as
    the page closes), which is no fault of the notebook.  In the runs so far
    the page logged no error and no warning at all."""
    return re.search(
        rf"{re.escape(notebook)}|cell|markdown|mathjax|typeset|render|"
        r"output|sanitiz|notebook|model|context|document",
        error,
        re.I,
    )


@needs_chromium
def test_a_reader_notebook_reads_like_the_book_in_plain_jupyterlab(
    reader_folder, browser
):
    """The teacher's log-loss.ipynb opened in JupyterLab from the reader's
    environment (nothing installed beyond the bundle's requirements.txt, so
    no MyST extension), in Chromium on a laptop and on a phone: the prose is
    plain Markdown, with the chapter's numbers written in as the book shows
    them, its exercises as headings, its terms linked to the glossary
    notebook; nothing is fetched from outside this machine.  The student's
    notebook shows an empty answer cell.  Screenshots in
    _build/screenshots/lab-*.png."""
    home = reader_folder.parent
    venv = home / "venv"
    numbers = shown_numbers(CHAPTER)
    assert len(numbers) >= 5, numbers
    exercises = [
        f"Exercise {number}"
        for label, number in book().exercises.items()
        if book().exercise_files[label] == CHAPTER.name
    ]
    assert exercises
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with jupyter_lab(reader_folder, venv) as url:
        for width, height in ((1280, 900), (390, 844)):
            tab = LabTab(browser, width, height)
            try:
                page = tab.open(url, reader_folder / CHAPTER.name)
                text = page.evaluate(MARKDOWN_TEXT, RENDERED)
                shown = [m for m in MYST_MARKUP if m in text]
                assert not shown, f"{width} px: MyST shown: {shown}"
                assert not page.evaluate(DIRECTIVE_BLOCKS, RENDERED), (
                    f"{width} px: a directive shown as a code block"
                )
                missing = [n for n in numbers if n not in text]
                assert not missing, f"{width} px: numbers missing: {missing}"
                headings = page.locator(f"{RENDERED} h3").all_text_contents()
                for exercise in exercises:
                    assert any(h.startswith(exercise) for h in headings), (
                        f"{width} px: no heading {exercise}: {headings}"
                    )
                assert page.locator(
                    f'{RENDERED} a[href*="{GLOSSARY}"]'
                ).count(), "no link to the glossary"
                assert page.locator(f"{RENDERED} mjx-container").count()
                tab.tidy(width)
                page.screenshot(
                    path=str(SCREENSHOTS / f"lab-log-loss-{width}.png")
                )
                if width == 1280:
                    tab.follow_a_term()
                assert not tab.blocked, tab.blocked
                mine = [e for e in tab.errors if related(e, CHAPTER.name)]
                assert not mine, (
                    f"{width} px: {mine[:3]} (all errors: {tab.errors[:5]})"
                )
            finally:
                tab.close()
    student = home / bundle.NAMES["student"]
    if not student.exists():
        with zipfile.ZipFile(bundle.ZIPS["student"]) as z:
            z.extractall(home)
    with jupyter_lab(student, venv) as url:
        tab = LabTab(browser, 1280, 900)
        try:
            page = tab.open(url, student / CHAPTER.name)
            answer = page.locator(".jp-CodeCell").filter(
                has_text=f"# {exercises[0]}: your answer"
            )
            assert answer.count() == 1
            tab.tidy(1280)
            answer.scroll_into_view_if_needed()
            assert not answer.locator(".jp-OutputArea-output").count()
            page.screenshot(
                path=str(SCREENSHOTS / "lab-student-log-loss-1280.png")
            )
            text = page.evaluate(MARKDOWN_TEXT, RENDERED)
            assert "Solution to Exercise" not in text
            assert not tab.blocked, tab.blocked
        finally:
            tab.close()
