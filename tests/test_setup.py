"""`make setup` refuses a Python older than 3.11 before creating anything."""

import subprocess

from tools.toc import ROOT


def test_make_setup_refuses_an_old_python(tmp_path):
    old_python = tmp_path / "python3.10"
    old_python.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-V" ]; then echo "Python 3.10.14"; exit 0; fi\n'
        "exit 1\n"  # the version check `sys.exit(sys.version_info < (3, 11))`
    )
    old_python.chmod(0o755)
    venv = tmp_path / "venv"
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "setup",
            f"PYTHON={old_python}",
            f"VENV={venv}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert (
        "needs Python >= 3.11" in result.stdout and "3.10.14" in result.stdout
    )
    assert not venv.exists()
