"""What `pip install lossbook` gives: the package README's examples run, and
the version is written in one place."""

import doctest
import tomllib

import lossbook
from tools.toc import ROOT


def test_package_readme_examples_run():
    failures, tried = doctest.testfile(
        str(ROOT / "lossbook" / "README.md"), module_relative=False
    )
    assert tried >= 3 and failures == 0


def test_the_version_comes_from_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert lossbook.__version__.count(".") == 2
