"""Re-run every chapter under other CPU code paths and compare it with the
stored notebooks: ``make test-cpus`` (CI runs it).

The stored outputs were written on one machine; a reader's or a fork's CI
runs on another.  OpenBLAS picks its kernels by CPU and obeys
``OPENBLAS_CORETYPE``; NumPy dispatches its vector loops by CPU and obeys
``NPY_DISABLE_CPU_FEATURES``.  Each variant below forces one of those paths
and runs nbval over every chapter with the book's comparison rule
(``tools/compare.py``), so a number that moves by more than the rule allows
on some CPU fails here, on any machine.

A core type whose instructions this CPU lacks (``SkylakeX`` needs AVX-512)
cannot be forced: OpenBLAS would stop with an illegal instruction.  Such a
variant is reported as not runnable here, and the run still fails unless at
least the others passed.

    python -m tools.cpu_variants            # every variant
    python -m tools.cpu_variants --list     # what would run, and what not
    python -m tools.cpu_variants Prescott   # one variant
    python -m tools.cpu_variants --nb log-loss   # one chapter
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# OpenBLAS core types from the oldest x86-64 kernels to AVX-512, and the CPU
# flag (from /proc/cpuinfo) each one needs.
CORETYPES = {
    "Prescott": "pni",  # SSE3
    "Sandybridge": "avx",
    "Haswell": "avx2",
    "SkylakeX": "avx512f",
}
# NumPy's dispatch groups above the x86-64-v2 baseline (NumPy >= 2.4 names).
NUMPY_GROUPS = ("X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR")


def cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def numpy_groups_here() -> list[str]:
    """NumPy's dispatch groups above its baseline that this CPU has."""
    from numpy._core._multiarray_umath import __cpu_features__

    return [g for g in NUMPY_GROUPS if __cpu_features__.get(g)]


def variants() -> list[tuple[str, dict[str, str | None], str | None]]:
    """(name, environment changes, reason it cannot run here or None).

    A value of None in the environment changes removes the variable."""
    flags = cpu_flags()
    found = []
    found.append(("OpenBLAS auto", {"OPENBLAS_CORETYPE": None}, None))
    for core, flag in CORETYPES.items():
        reason = None if flag in flags else f"this CPU has no {flag}"
        found.append((core, {"OPENBLAS_CORETYPE": core}, reason))
    groups = numpy_groups_here()
    reason = (
        None if groups else "this CPU has no NumPy dispatch above baseline"
    )
    off = " ".join(groups)
    found.append(
        (
            "NumPy baseline",
            {"OPENBLAS_CORETYPE": None, "NPY_DISABLE_CPU_FEATURES": off},
            reason,
        )
    )
    found.append(
        (
            "oldest",
            {"OPENBLAS_CORETYPE": "Prescott", "NPY_DISABLE_CPU_FEATURES": off},
            reason,
        )
    )
    return found


def run(
    name: str,
    changes: dict[str, str | None],
    extra: list[str],
    paths: list[str],
    margins: Path,
) -> tuple[int, list[str]]:
    env = dict(os.environ)
    env["LOSSBOOK_MARGINS"] = str(margins)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    shown = " ".join(
        f"{k}={v}" if v is not None else f"-u {k}" for k, v in changes.items()
    )
    print(f"=== {name}: env {shown}", flush=True)
    start = time.monotonic()
    # Tee pytest's output and keep its short summary ("FAILED ...", "ERROR
    # ...") for the final report.
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "--dist",
            "loadscope",
            "-q",
            "-rfE",
            *extra,
            *paths,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    summary = []
    assert process.stdout is not None
    for line in process.stdout:
        print(line, end="", flush=True)
        if line.startswith(("FAILED ", "ERROR ")):
            summary.append("    " + line.rstrip()[:300])
    returncode = process.wait()
    print(
        f"=== {name}: {'passed' if returncode == 0 else 'FAILED'} "
        f"in {time.monotonic() - start:.0f} s",
        flush=True,
    )
    return returncode, summary


def closest(margins: Path, count: int = 3) -> list[str]:
    """The outputs that moved most, as lines: every one beyond the rule's
    limit, then the ``count`` closest calls within it."""
    try:
        lines = margins.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return ["    every output identical to the stored one"]
    records = sorted(
        (json.loads(line) for line in lines), key=lambda r: -r["margin"]
    )
    beyond = [r for r in records if r["margin"] > 1]
    within = [r for r in records if r["margin"] <= 1][:count]
    shown = []
    for r in beyond + within:
        share = (
            "beyond any tolerance"
            if math.isinf(r["margin"])
            else f"{r['margin']:.2g} of the tolerance"
        )
        shown.append(
            f"    {r['cell']}: {r['key']} {share}\n"
            f"      stored {r['stored']!r}\n      new    {r['new']!r}"
        )
    moved = len(records)
    shown.insert(
        0,
        f"    {moved} outputs not bit-identical, {len(beyond)} beyond the rule",
    )
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "names", nargs="*", help="variants to run (default all)"
    )
    parser.add_argument("--list", action="store_true")
    parser.add_argument(
        "--nb", action="append", help="only this chapter (repeatable)"
    )
    args, extra = parser.parse_known_args(argv)
    chosen = [v for v in variants() if not args.names or v[0] in args.names]
    if args.names and len(chosen) != len(args.names):
        known = ", ".join(v[0] for v in variants())
        parser.error(f"names must be among: {known}")
    if args.list:
        for name, changes, reason in chosen:
            print(f"{name:<16} {changes}  {reason or 'runs here'}")
        return 0
    outcomes: dict[str, bool | None] = {}
    notes: dict[str, list[str]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="cpu-variants-"))
    for number, (name, changes, reason) in enumerate(chosen):
        if reason:
            print(f"=== {name}: not runnable here ({reason})", flush=True)
            outcomes[name] = None
        else:
            paths = [f"book/{nb}.ipynb" for nb in args.nb or []] or ["book"]
            margins = scratch / f"{number}.jsonl"
            code, failures = run(name, changes, extra, paths, margins)
            outcomes[name] = code == 0
            notes[name] = failures + closest(margins)
    ran = [n for n, ok in outcomes.items() if ok is not None]
    failed = [n for n, ok in outcomes.items() if ok is False]
    # The summary comes last and says what moved, so that the tail of a CI
    # log is enough to see why a variant failed.
    print("CPU variants (what moved most, against the book's rule):")
    for name, ok in outcomes.items():
        state = {None: "not runnable here", True: "passed", False: "FAILED"}
        print(f"  {name:<16} {state[ok]}")
        for line in notes.get(name, []):
            print(line)
    if not ran:
        print("no variant could run on this machine")
        return 1
    print(f"{len(ran) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
