"""Before the PDF or the handout is built: is everything it uses installed?

LaTeX fails late and cryptically on a missing font ("The font "TeX Gyre
Pagella" cannot be found") or package.  This check runs first and names the
Debian package that provides each missing program, font or TeX file; every
package it names is in ``.ci/packages.txt``, which CI installs (a test keeps
the two in step).

    python -m tools.preflight pdf
"""

from __future__ import annotations

import shutil
import subprocess
import sys

# (kind, what, Debian package that provides it)
PDF = [
    ("program", "xelatex", "texlive-xetex"),
    ("program", "latexmk", "latexmk"),
    ("program", "xindy", "xindy"),
    ("program", "rsvg-convert", "librsvg2-bin"),
    ("program", "convert", "imagemagick"),
    ("program", "pdftotext", "poppler-utils"),
    ("program", "kpsewhich", "texlive-latex-recommended"),
    ("program", "fc-list", "fontconfig"),
    # fontspec finds these by name through fontconfig (_config.yml)
    ("font", "TeX Gyre Pagella", "fonts-texgyre"),
    ("font", "TeX Gyre Heros", "fonts-texgyre"),
    ("font", "DejaVu Sans Mono", "fonts-dejavu-core"),
    ("font", "Noto Serif CJK SC", "fonts-noto-cjk"),
    ("font", "Noto Sans CJK SC", "fonts-noto-cjk"),
    ("font", "Noto Sans Mono CJK SC", "fonts-noto-cjk"),
    # TeX files the preamble and Sphinx's LaTeX writer load
    ("tex", "fontspec.sty", "texlive-latex-recommended"),
    ("tex", "xeCJK.sty", "texlive-lang-chinese"),
    ("tex", "fncychap.sty", "texlive-latex-extra"),
    ("tex", "tabulary.sty", "texlive-latex-extra"),
    ("tex", "capt-of.sty", "texlive-latex-extra"),
    ("tex", "needspace.sty", "texlive-latex-extra"),
    ("tex", "wrapfig.sty", "texlive-latex-extra"),
    ("tex", "amsmath.sty", "texlive-latex-base"),
    ("tex", "tgpagella.sty", "tex-gyre"),
]
NEEDS = {"pdf": PDF, "handout": PDF}


def present(kind: str, what: str) -> bool:
    """Whether a program is on PATH, fontconfig knows a font family, or
    kpsewhich finds a TeX file."""
    if kind == "program":
        return shutil.which(what) is not None
    if kind == "font":
        if shutil.which("fc-list") is None:
            return False
        out = subprocess.run(
            ["fc-list", f":family={what}", "family"],
            capture_output=True,
            text=True,
        ).stdout
        return bool(out.strip())
    if kind == "tex":
        if shutil.which("kpsewhich") is None:
            return False
        found = subprocess.run(
            ["kpsewhich", what], capture_output=True, text=True
        ).stdout
        return bool(found.strip())
    raise ValueError(f"kind must be program, font or tex; got {kind!r}")


def missing(needs) -> list[tuple[str, str, str]]:
    return [need for need in needs if not present(need[0], need[1])]


def report(absent) -> str:
    """The message for what is missing, with the packages to install.

    >>> print(report([("font", "TeX Gyre Pagella", "fonts-texgyre")]))
    missing: font "TeX Gyre Pagella" (Debian package fonts-texgyre)
    install: apt-get install --no-install-recommends fonts-texgyre
    (or run .ci/install-packages, which installs everything CI uses)
    """
    lines = [
        f'missing: {kind} "{what}" (Debian package {package})'
        for kind, what, package in absent
    ]
    packages = sorted({package for _, _, package in absent})
    lines.append(
        "install: apt-get install --no-install-recommends "
        + " ".join(packages)
    )
    lines.append(
        "(or run .ci/install-packages, which installs everything CI uses)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in NEEDS:
        print(f"usage: python -m tools.preflight {{{','.join(NEEDS)}}}")
        return 2
    absent = missing(NEEDS[argv[0]])
    if absent:
        print(
            f"make {argv[0]} cannot start:\n{report(absent)}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
