"""The check before the PDF and the handout (tools/preflight.py): it names
the Debian package of whatever is missing, and CI installs every package it
names (.ci/packages.txt)."""

import re

from tools import preflight
from tools.toc import ROOT


def packages_ci_installs():
    text = (ROOT / ".ci" / "packages.txt").read_text()
    lines = (line.split("#")[0].strip() for line in text.splitlines())
    return {line.split("=")[0] for line in lines if line}


def test_every_package_the_check_names_is_installed_by_ci():
    named = {
        package for needs in preflight.NEEDS.values() for *_, package in needs
    }
    assert named <= packages_ci_installs(), named - packages_ci_installs()


def packages_pages_installs():
    """What the Pages workflow installs before `make pdf handout`: the names
    of packages.txt's section from "# the PDF" to "# the browser", as its
    sed command picks them."""
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text()
    assert "sed -n '/^# the PDF/,/^# the browser/p' .ci/packages.txt" in (
        workflow
    )
    text = (ROOT / ".ci" / "packages.txt").read_text()
    section = text[text.index("\n# the PDF") : text.index("\n# the browser")]
    return {
        line.split("=")[0]
        for line in section.splitlines()
        if line and not line.startswith("#")
    }


def test_the_pages_workflow_installs_what_the_pdf_needs():
    named = {
        package for needs in preflight.NEEDS.values() for *_, package in needs
    }
    assert named <= packages_pages_installs(), (
        named - packages_pages_installs()
    )


def test_the_fonts_of_the_latex_preamble_are_checked():
    config = (ROOT / "_config.yml").read_text()
    fonts = set(re.findall(r"\\set\w*font\{([^}]+)\}", config))
    checked = {what for kind, what, _ in preflight.PDF if kind == "font"}
    assert fonts and fonts <= checked, fonts - checked


def test_a_missing_font_is_named_with_its_package(capsys, monkeypatch):
    absent = ("font", "No Such Font Family", "fonts-nonexistent")
    monkeypatch.setitem(preflight.NEEDS, "pdf", [absent])
    assert preflight.main(["pdf"]) == 1
    err = capsys.readouterr().err
    assert 'font "No Such Font Family"' in err
    assert "apt-get install --no-install-recommends fonts-nonexistent" in err


def test_missing_finds_what_is_absent_and_keeps_what_is_there():
    needs = [
        ("program", "sh", "dash"),
        ("program", "no-such-program-here", "nothing"),
        ("tex", "no-such-file.sty", "nothing"),
    ]
    assert preflight.missing(needs) == needs[1:]
