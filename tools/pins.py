"""The reader's pins on every platform a reader may have.

    python -m tools.pins requirements-reader.txt    # what `make check-pins` runs

``requirements-reader.txt`` (the notebook bundle's ``requirements.txt``) is
resolved by ``python -m tools.bundle --lock`` for the five platforms of
``PLATFORMS``, without installing anything: one ``pip install --dry-run
--report`` per platform, with ``--platform`` tags, ``--only-binary=:all:``
(a reader gets wheels, never a build) and CPython ``FLOOR``.  A package that
only some platforms install (pywinpty on Windows, appnope on macOS) gets an
environment marker; so does a version that differs by platform.

pip's ``--platform`` only chooses wheels: it evaluates environment markers
against the interpreter it runs on (pypa/pip#6117), so on Linux it would
never see Windows' or macOS' own dependencies.  ``dry_run`` therefore runs
pip with the target platform's marker environment (``environment``), and
every check reads back the environment pip reports to prove it.

The check (``check``, behind ``make check-pins``) dry-runs the file's pins as
requirements on each platform, for ``FLOOR`` and ``NEWEST``, and names the
platform and the package if pip would install anything unpinned, any other
version than the pin, or cannot install a pin at all.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

# The oldest CPython the book supports (pyproject.toml's requires-python, the
# Makefile's PYTHON_FLOOR), and the newest one every pin has wheels for.
FLOOR = "3.11.0"
NEWEST = "3.14.0"
PYTHONS = (FLOOR, NEWEST)

# The oldest glibc and macOS the pins are checked for: manylinux_2_28 (Debian
# 10, Ubuntu 20.04, RHEL 8 and newer; argon2-cffi-bindings 26 has no older
# Linux wheel), macOS 10.15 on Intel (cffi 2.1, pyzmq 27), macOS 12 on Apple
# silicon (scipy 1.17, scikit-learn 1.9).  pip accepts the older macOS tags
# of a macosx tag by itself, but not the older manylinux tags.
GLIBC = 28


def manylinux(arch: str, oldest: int) -> tuple[str, ...]:
    """Every manylinux tag a Linux with glibc 2.GLIBC accepts, newest first,
    down to glibc 2.<oldest>, with the legacy names (manylinux2014 is
    glibc 2.17, manylinux2010 2.12, manylinux1 2.5)."""
    tags = [
        f"manylinux_2_{minor}_{arch}" for minor in range(GLIBC, oldest - 1, -1)
    ]
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    tags += [
        f"{name}_{arch}" for minor, name in legacy.items() if minor >= oldest
    ]
    return tuple(tags)


@dataclass(frozen=True)
class Platform:
    """A platform a reader may install the bundle on: pip's wheel tags for it
    and the values of its environment markers."""

    label: str
    tags: tuple[str, ...]
    sys_platform: str
    machine: str  # platform.machine() there
    system: str  # platform.system() there
    os_name: str = "posix"


PLATFORMS = (
    Platform(
        "Linux x86-64",
        manylinux("x86_64", oldest=5),
        "linux",
        "x86_64",
        "Linux",
    ),
    Platform(
        "Linux aarch64",
        manylinux("aarch64", oldest=17),
        "linux",
        "aarch64",
        "Linux",
    ),
    Platform(
        "Windows x86-64", ("win_amd64",), "win32", "AMD64", "Windows", "nt"
    ),
    Platform(
        "macOS x86-64", ("macosx_10_15_x86_64",), "darwin", "x86_64", "Darwin"
    ),
    Platform(
        "macOS arm64", ("macosx_12_0_arm64",), "darwin", "arm64", "Darwin"
    ),
)


class PinError(Exception):
    """pip cannot resolve the requirements on a platform."""


def environment(platform: Platform, python: str) -> dict[str, str]:
    """The environment markers of CPython ``python`` (``3.11.0``) on
    ``platform``, as pip would see them there."""
    major, minor = python.split(".")[:2]
    return {
        "implementation_name": "cpython",
        "implementation_version": python,
        "os_name": platform.os_name,
        "platform_machine": platform.machine,
        "platform_release": "",
        "platform_system": platform.system,
        "platform_version": "",
        "python_full_version": python,
        "platform_python_implementation": "CPython",
        "python_version": f"{major}.{minor}",
        "sys_platform": platform.sys_platform,
    }


def marker(platforms: Iterable[Platform]) -> str:
    """The environment marker that holds on ``platforms`` and on none other
    of PLATFORMS; empty if it holds on all of them.

    One clause per operating system (``sys_platform``), narrowed by
    ``platform_machine`` where only some of its platforms are meant; when
    every operating system but one is meant in full, ``sys_platform !=``
    that one (the form packages use, e.g. pexpect's ``!= "win32"``).
    """
    chosen = set(platforms)
    if not chosen or not chosen <= set(PLATFORMS):
        raise ValueError(f"not a subset of PLATFORMS: {chosen}")
    systems: dict[str, list[Platform]] = {}
    for platform in PLATFORMS:
        systems.setdefault(platform.sys_platform, []).append(platform)
    clauses, full, absent = [], [], []
    for name, members in systems.items():
        inside = [p for p in members if p in chosen]
        clause = f'sys_platform == "{name}"'
        if len(inside) == len(members):
            full.append(name)
        elif inside:
            machines = " or ".join(
                f'platform_machine == "{p.machine}"' for p in inside
            )
            if len(inside) > 1:
                machines = f"({machines})"
            clause = f"{clause} and {machines}"
        else:
            absent.append(name)
            continue
        clauses.append(clause)
    if len(full) == len(systems):
        return ""
    if len(absent) == 1 and len(full) == len(systems) - 1:
        return f'sys_platform != "{absent[0]}"'
    if len(clauses) == 1:
        return clauses[0]
    return " or ".join(c if " and " not in c else f"({c})" for c in clauses)


def render(
    resolved: Mapping[Platform, Mapping[str, tuple[str, str]]],
) -> list[str]:
    """Requirement lines from each platform's resolution (canonical name ->
    (name as published, version)): a package with one version on every
    platform unmarked, any other with a marker per version naming the
    platforms that install it.  Sorted as requirements-reader.txt is."""
    versions: dict[str, dict[str, list[Platform]]] = {}
    names: dict[str, str] = {}
    for platform in PLATFORMS:
        for key, (name, version) in resolved.get(platform, {}).items():
            names.setdefault(key, name)
            versions.setdefault(key, {}).setdefault(version, []).append(
                platform
            )
    lines = []
    for key, by_version in versions.items():
        for version, platforms in by_version.items():
            where = marker(platforms)
            pin = f"{names[key]}=={version}"
            lines.append(f"{pin} ; {where}" if where else pin)
    return sorted(lines, key=str.lower)


def common_versions(
    resolved: Mapping[Platform, Mapping[str, tuple[str, str]]],
    fixed: Iterable[str] = (),
) -> dict[str, str]:
    """For each package not in ``fixed`` (canonical names: the project's own
    pins) whose version differs between platforms, a pin to the oldest of
    its versions, to try on every platform so that all share one."""
    fixed = {canonicalize_name(name) for name in fixed}
    seen: dict[str, dict[str, str]] = {}
    for result in resolved.values():
        for key, (name, version) in result.items():
            seen.setdefault(key, {})[version] = name
    return {
        key: f"{by_version[oldest]}=={oldest}"
        for key, by_version in sorted(seen.items())
        if key not in fixed and len(by_version) > 1
        for oldest in [min(by_version, key=Version)]
    }


def requirement_lines(text: str) -> list[str]:
    """The requirement lines of a requirements file, without comments, blank
    lines and local files (the bundle's ./wheels/lossbook-*.whl, pure
    Python, whose one dependency is pinned)."""
    lines = (line.split(" #")[0].strip() for line in text.splitlines())
    return [
        line for line in lines if line and not line.startswith(("#", ".", "/"))
    ]


def read_pins(text: str) -> list[Requirement]:
    """The pins of a requirements file: each requirement line must be
    ``name==version``, optionally with a marker."""
    pins = []
    for line in requirement_lines(text):
        req = Requirement(line)
        specs = list(req.specifier)
        if (
            len(specs) != 1
            or specs[0].operator != "=="
            or "*" in specs[0].version
        ):
            raise ValueError(f"not an exact pin: {line}")
        pins.append(req)
    return pins


def expected(
    pins: Iterable[Requirement], platform: Platform, python: str
) -> dict[str, str]:
    """Canonical name -> pinned version of the pins whose markers hold on
    ``platform`` with CPython ``python``."""
    env = environment(platform, python)
    result: dict[str, str] = {}
    for req in pins:
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        key = canonicalize_name(req.name)
        version = next(iter(req.specifier)).version
        if key in result:
            raise ValueError(
                f"{platform.label}, Python {python}: {req.name} is pinned twice"
                f" ({result[key]} and {version})"
            )
        result[key] = version
    return result


def installed(report: Mapping) -> dict[str, tuple[str, str]]:
    """Canonical name -> (name as published, version) of what a pip
    installation report (``--report``) would install."""
    return {
        canonicalize_name(item["metadata"]["name"]): (
            item["metadata"]["name"],
            item["metadata"]["version"],
        )
        for item in report["install"]
    }


def compare(
    report: Mapping, pins: Mapping[str, str], platform: Platform, python: str
) -> list[str]:
    """What is wrong with a pip report (``--report``) made for ``platform``
    and CPython ``python``, given the pins that hold there (canonical name ->
    version): each message names the platform and the package."""
    where = f"{platform.label}, Python {python}"
    env = environment(platform, python)
    seen = report.get("environment", {})
    wrong = [
        k
        for k in ("sys_platform", "platform_machine")
        if seen.get(k) != env[k]
    ]
    if wrong:
        return [
            f"{where}: pip evaluated the markers for "
            f"{seen.get('sys_platform')}/{seen.get('platform_machine')}, "
            f"not for {env['sys_platform']}/{env['platform_machine']}"
        ]
    problems = []
    found = installed(report)
    for key, (name, version) in sorted(found.items()):
        if key not in pins:
            problems.append(
                f"{where}: {name} {version} would be installed unpinned"
            )
        elif Version(version) != Version(pins[key]):
            problems.append(
                f"{where}: {name} {version} would be installed, "
                f"the pin is {pins[key]}"
            )
    for key in sorted(set(pins) - set(found)):
        problems.append(
            f"{where}: {key}=={pins[key]} is pinned for it but not installed"
        )
    return problems


def unavailable(output: str) -> list[str]:
    """The packages pip's error output says it found no matching wheel of
    (canonical names, in order)."""
    names = re.findall(
        r"Could not find a version that satisfies the requirement "
        r"([A-Za-z0-9][A-Za-z0-9._-]*)",
        output,
    )
    block = re.search(
        r"no matching distributions available for your environment:\n"
        r"((?:[ \t]+\S+\n?)+)",
        output,
    )
    if block:
        names += block.group(1).split()
    return list(dict.fromkeys(canonicalize_name(name) for name in names))


def errors(output: str) -> str:
    """pip's output from its first error or conflict on, without its
    boilerplate advice: why it cannot resolve."""
    lines = output.splitlines()
    starts = [
        i
        for i, line in enumerate(lines)
        if line.startswith(("ERROR:", "The conflict is caused by"))
    ]
    advice = ("To fix this", "1. loosen", "2. remove")
    return "\n".join(
        line
        for line in lines[starts[0] if starts else -20 :]
        if line.strip() and not line.startswith(advice)
    )


# pip run with the target platform's marker environment (see the docstring);
# argv: the environment as JSON, then pip's arguments.
_PIP = """\
import json, sys
from pip._vendor.packaging import markers
from pip._internal.models import installation_report

target = json.loads(sys.argv[1])

def environment():
    return dict(target)

markers.default_environment = environment
installation_report.default_environment = environment
from pip._internal.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def dry_run(
    platform: Platform,
    python: str,
    requirements: Iterable[str],
    constraints: Iterable[str] = (),
) -> tuple[dict | None, str]:
    """pip's installation report (``None`` if pip fails) and its output for
    installing ``requirements`` under ``constraints`` (requirement lines)
    on ``platform`` with CPython ``python``: wheels only, nothing installed."""
    major, minor = python.split(".")[:2]
    with tempfile.TemporaryDirectory() as tmp:
        files = Path(tmp)
        (files / "requirements.txt").write_text("\n".join(requirements) + "\n")
        (files / "constraints.txt").write_text("\n".join(constraints) + "\n")
        report = files / "report.json"
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _PIP,
                json.dumps(environment(platform, python)),
                "install",
                "--dry-run",
                "--ignore-installed",
                "--only-binary=:all:",
                "--progress-bar=off",
                "--no-color",
                "--disable-pip-version-check",
                *(arg for tag in platform.tags for arg in ("--platform", tag)),
                "--python-version",
                python,
                "--implementation",
                "cp",
                "--abi",
                f"cp{major}{minor}",
                "--report",
                str(report),
                "-r",
                str(files / "requirements.txt"),
                "-c",
                str(files / "constraints.txt"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # without pip's notes on the machine's missing file:// index pages
        noise = "WARNING: Location"
        output = "\n".join(
            line
            for line in done.stdout.splitlines()
            if not line.startswith(noise)
        )
        if done.returncode or not report.exists():
            return None, output
        return json.loads(report.read_text()), output


def _each(jobs, work):
    """``work(*job)`` for every job, two at a time (pip is mostly CPU)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda job: work(*job), jobs))


def resolve(
    platform: Platform,
    python: str,
    top_level: Iterable[str],
    constraints: Mapping[str, str],
) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """What pip installs for ``top_level`` on ``platform`` under
    ``constraints`` (canonical name -> requirement line), and the
    constraints it had to drop there because pip found no wheel of that
    version there, or found it in conflict there (the package then takes
    the newest version that fits).  Raises PinError on any other failure."""
    constraints = dict(constraints)
    dropped: list[str] = []
    while True:
        report, output = dry_run(
            platform, python, top_level, constraints.values()
        )
        if report is not None:
            return installed(report), dropped
        missing = [name for name in unavailable(output) if name in constraints]
        if not missing:
            raise PinError(
                f"{platform.label}, Python {python}: pip cannot resolve "
                f"the requirements:\n{errors(output)}"
            )
        dropped += [constraints.pop(name) for name in missing]


def lock(
    top_level: Iterable[str], constraints: Iterable[str], python: str = FLOOR
) -> tuple[list[str], dict[Platform, list[str]]]:
    """The reader's requirement lines for ``top_level`` on every platform,
    resolved under the project's pins ``constraints`` (``name==version``
    lines), and per platform the pins that had to differ there.

    A package outside the project's pins that pip resolves to different
    versions on different platforms is tried at its oldest such version on
    every platform, so that they share one where a wheel allows it."""
    top_level = list(top_level)
    fixed = {canonicalize_name(Requirement(c).name): c for c in constraints}

    def everywhere(pins):
        results = _each(
            [(p, python, top_level, pins) for p in PLATFORMS], resolve
        )
        return dict(zip(PLATFORMS, results, strict=True))

    results = everywhere(fixed)
    shared = common_versions(
        {p: found for p, (found, _) in results.items()}, fixed
    )
    if shared:
        results = everywhere({**fixed, **shared})
    resolved = {p: found for p, (found, _) in results.items()}
    dropped = {p: d for p, (_, d) in results.items() if d}
    return render(resolved), dropped


def check(
    path: Path,
    pythons: Iterable[str] = PYTHONS,
    platforms: Iterable[Platform] = PLATFORMS,
) -> list[str]:
    """Dry-run the pins of ``path`` as requirements on every platform and
    Python: what is wrong (empty if every platform installs exactly the
    pins).  Prints one line per platform and Python that passes."""
    text = path.read_text()
    pins, lines = read_pins(text), requirement_lines(text)

    def one(platform, python):
        where = f"{platform.label}, Python {python}"
        report, output = dry_run(platform, python, lines)
        if report is None:  # name the pins pip says it cannot install
            pinned = expected(pins, platform, python)
            names = [
                f"{n}=={pinned[n]}" for n in unavailable(output) if n in pinned
            ]
            why = f" ({', '.join(names)}: no wheel there, or a conflict)"
            detail = errors(output).replace("\n", "\n    ")
            message = f"{where}: pip cannot install the pins"
            return [f"{message}{why if names else ''}:\n    {detail}"], ""
        problems = compare(
            report, expected(pins, platform, python), platform, python
        )
        count = len(report["install"])
        return problems, f"{where}: {count} packages, each as pinned"

    jobs = [(p, python) for python in pythons for p in platforms]
    problems = []
    for found, passed in _each(jobs, one):  # in order, once all have run
        problems += found
        if not found:
            print(passed)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--python",
        action="append",
        help=f"CPython version to check (default: {', '.join(PYTHONS)})",
    )
    args = parser.parse_args(argv)
    problems = check(args.file, args.python or PYTHONS)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            f"{args.file}: the pins do not hold on every platform",
            file=sys.stderr,
        )
        return 1
    print(f"{args.file}: every platform installs exactly the pins")
    return 0


if __name__ == "__main__":
    sys.exit(main())
