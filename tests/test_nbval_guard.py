"""The guard works: changing one stored output number makes nbval fail."""

import json
import re
import shutil
import subprocess
import sys

from tools.toc import ROOT, toc_notebooks


def _tamper(path):
    """Change the first stored printed number in a notebook; return what changed."""
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text = "".join(out["text"])
                match = re.search(r"\d+\.\d+", text)
                if match:
                    old = match.group()
                    new = old[:-1] + str((int(old[-1]) + 1) % 10)
                    out["text"] = (
                        text[: match.start()] + new + text[match.end() :]
                    )
                    path.write_text(json.dumps(nb, indent=1))
                    return old, new
    raise AssertionError("no printed number found to tamper with")


def _nbval(path):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.nbval_plugin",
            "--nbval",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "-q",
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_nbval_reports_a_changed_output_number(tmp_path):
    chapter = toc_notebooks()[0]
    copy = tmp_path / chapter.name
    shutil.copy(chapter, copy)
    old, new = _tamper(copy)

    result = _nbval(copy)

    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert re.search(r"cell \d+ \(starts `", out), out  # named as Lab shows it
    # the tampered value is the stored one; a fresh run gives the original back
    stored, fresh = out.index("stored: "), out.index("new: ")
    assert stored < out.index(new, stored) < fresh < out.index(old, fresh)
    assert "make notebooks" in out and "regression" in out


def test_nbval_passes_the_untouched_copy(tmp_path):
    chapter = toc_notebooks()[0]
    shutil.copy(chapter, tmp_path / chapter.name)
    result = _nbval(tmp_path / chapter.name)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nbval_reports_a_changed_glued_number(tmp_path):
    """A number the prose shows (glued) is guarded like a printed one."""
    chapter = ROOT / "book" / "log-loss.ipynb"
    copy = tmp_path / chapter.name
    nb = json.loads(chapter.read_text())
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if (
                out.get("metadata", {}).get("scrapbook", {}).get("name")
                == "ll_a09"
            ):
                key = next(k for k in out["data"] if k.endswith("text/plain"))
                value = float("".join(out["data"][key]))
                out["data"][key] = repr(value + 0.001)
    copy.write_text(json.dumps(nb, indent=1))

    result = _nbval(copy)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "stored: " in result.stdout and "new: " in result.stdout


def test_nbval_compares_figures(tmp_path):
    """A figure that changed is caught, in the same single execution."""
    chapter = ROOT / "book" / "log-loss.ipynb"
    copy = tmp_path / chapter.name
    nb = json.loads(chapter.read_text())
    figure = next(
        out
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    )
    png = "".join(figure["data"]["image/png"])
    figure["data"]["image/png"] = (
        png[:100] + ("A" if png[100] != "A" else "B") + png[101:]
    )
    copy.write_text(json.dumps(nb, indent=1))

    result = _nbval(copy)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "image/png differs" in result.stdout
