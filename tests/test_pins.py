"""The reader's pins on every platform (tools/pins.py): the markers written
for platform-specific packages, the comparison of a pip report with the pins,
and the committed requirements-reader.txt.  No network: the dry runs against
the package index are `make check-pins`'s."""

import itertools
import re
import tomllib

import pytest
from packaging.markers import Marker

from tools import bundle, pins
from tools.toc import ROOT

LINUX, ARM, WINDOWS, MAC, MAC_ARM = pins.PLATFORMS


def holds(marker, platform, python=pins.FLOOR):
    return not marker or Marker(marker).evaluate(
        pins.environment(platform, python)
    )


def test_the_five_platforms_and_their_tags():
    assert [p.label for p in pins.PLATFORMS] == [
        "Linux x86-64",
        "Linux aarch64",
        "Windows x86-64",
        "macOS x86-64",
        "macOS arm64",
    ]
    assert {"manylinux_2_28_x86_64", "manylinux_2_17_x86_64"} <= set(
        LINUX.tags
    )
    assert {"manylinux2014_x86_64", "manylinux1_x86_64"} <= set(LINUX.tags)
    assert LINUX.tags[0] == "manylinux_2_28_x86_64"  # glibc 2.28 at most
    assert "manylinux2014_aarch64" in ARM.tags
    assert not [t for t in ARM.tags if "manylinux1" in t or "2010" in t]
    assert all(t.endswith("_aarch64") for t in ARM.tags)
    assert WINDOWS.tags == ("win_amd64",)
    assert MAC.tags[0].endswith("_x86_64") and MAC_ARM.tags[0].endswith(
        "_arm64"
    )


@pytest.mark.parametrize(
    "platforms, marker",
    [
        ([WINDOWS], 'sys_platform == "win32"'),
        ([MAC, MAC_ARM], 'sys_platform == "darwin"'),
        ([LINUX, ARM, MAC, MAC_ARM], 'sys_platform != "win32"'),
        (
            [MAC],
            'sys_platform == "darwin" and platform_machine == "x86_64"',
        ),
        (
            [LINUX, ARM, WINDOWS, MAC_ARM],
            'sys_platform == "linux" or sys_platform == "win32" or '
            '(sys_platform == "darwin" and platform_machine == "arm64")',
        ),
        (pins.PLATFORMS, ""),
    ],
)
def test_markers_read_as_written(platforms, marker):
    assert pins.marker(platforms) == marker


def test_each_marker_holds_on_its_platforms_and_on_no_other():
    for size in range(1, len(pins.PLATFORMS) + 1):
        for chosen in itertools.combinations(pins.PLATFORMS, size):
            marker = pins.marker(chosen)
            for platform in pins.PLATFORMS:
                for python in pins.PYTHONS:
                    assert holds(marker, platform, python) == (
                        platform in chosen
                    ), (marker, platform.label)


def test_a_marker_needs_platforms():
    with pytest.raises(ValueError):
        pins.marker([])


RESOLVED = {
    LINUX: {
        "numpy": ("numpy", "2.4.6"),
        "pexpect": ("pexpect", "4.9.0"),
        "argon2-cffi-bindings": ("argon2-cffi-bindings", "26.2.0"),
    },
    ARM: {
        "numpy": ("numpy", "2.4.6"),
        "pexpect": ("pexpect", "4.9.0"),
        "argon2-cffi-bindings": ("argon2-cffi-bindings", "26.2.0"),
    },
    WINDOWS: {
        "numpy": ("numpy", "2.4.6"),
        "pywinpty": ("pywinpty", "3.1.2"),
        "argon2-cffi-bindings": ("argon2-cffi-bindings", "26.2.0"),
    },
    MAC: {
        "numpy": ("numpy", "2.4.6"),
        "pexpect": ("pexpect", "4.9.0"),
        "appnope": ("appnope", "1.0.0"),
        "argon2-cffi-bindings": ("argon2-cffi-bindings", "25.1.0"),
    },
    MAC_ARM: {
        "numpy": ("numpy", "2.4.6"),
        "pexpect": ("pexpect", "4.9.0"),
        "appnope": ("appnope", "1.0.0"),
        "argon2-cffi-bindings": ("argon2-cffi-bindings", "26.2.0"),
    },
}


def test_render_pins_common_packages_plainly_and_marks_the_others():
    assert pins.render(RESOLVED) == [
        'appnope==1.0.0 ; sys_platform == "darwin"',
        "argon2-cffi-bindings==25.1.0 ; "
        'sys_platform == "darwin" and platform_machine == "x86_64"',
        "argon2-cffi-bindings==26.2.0 ; "
        'sys_platform == "linux" or sys_platform == "win32" or '
        '(sys_platform == "darwin" and platform_machine == "arm64")',
        "numpy==2.4.6",
        'pexpect==4.9.0 ; sys_platform != "win32"',
        'pywinpty==3.1.2 ; sys_platform == "win32"',
    ]


def test_rendered_pins_give_each_platform_what_it_resolved():
    found = pins.read_pins("\n".join(pins.render(RESOLVED)))
    for platform, resolved in RESOLVED.items():
        assert pins.expected(found, platform, pins.FLOOR) == {
            key: version for key, (_, version) in resolved.items()
        }


def test_a_free_package_is_tried_at_one_version_everywhere():
    resolved = {
        WINDOWS: {"colorama": ("colorama", "0.4.6")},
        MAC: {"appnope": ("appnope", "1.0.0"), "six": ("six", "1.17.0")},
        MAC_ARM: {"appnope": ("appnope", "1.1.0"), "six": ("six", "1.16.0")},
    }
    assert pins.common_versions(resolved) == {
        "appnope": "appnope==1.0.0",
        "six": "six==1.16.0",
    }
    # the project's own pins are not moved
    assert pins.common_versions(resolved, fixed=["Six"]) == {
        "appnope": "appnope==1.0.0"
    }
    assert pins.common_versions(RESOLVED, fixed=["argon2_cffi_bindings"]) == {}


def test_read_pins():
    text = (
        "# a comment\n\nnumpy==2.4.6\n"
        'pywinpty==3.1.2 ; sys_platform == "win32"\n'
        "./wheels/lossbook-0.9.0-py3-none-any.whl\n"
    )
    found = pins.read_pins(text)
    assert [str(req) for req in found] == [
        "numpy==2.4.6",
        'pywinpty==3.1.2; sys_platform == "win32"',
    ]
    for loose in ("numpy>=2", "numpy", "numpy==2.*", "numpy==2.4.6,!=2.4.5"):
        with pytest.raises(ValueError, match="not an exact pin"):
            pins.read_pins(loose)


def test_expected_pins_follow_the_markers():
    found = pins.read_pins(
        "numpy==2.4.6\n"
        'pywinpty==3.1.2 ; sys_platform == "win32"\n'
        'pexpect==4.9.0 ; sys_platform != "win32"\n'
        'tomli==2.0.0 ; python_version < "3.12"\n'
    )
    assert pins.expected(found, WINDOWS, "3.11.0") == {
        "numpy": "2.4.6",
        "pywinpty": "3.1.2",
        "tomli": "2.0.0",
    }
    assert pins.expected(found, MAC_ARM, "3.14.0") == {
        "numpy": "2.4.6",
        "pexpect": "4.9.0",
    }
    twice = pins.read_pins(
        'six==1.16.0 ; sys_platform == "darwin"\nsix==1.17.0\n'
    )
    with pytest.raises(ValueError, match=r"macOS arm64.*six is pinned twice"):
        pins.expected(twice, MAC_ARM, pins.FLOOR)


def report(platform, *packages):
    """A small pip installation report, as `pip install --report` writes
    it, made on Linux for ``platform``."""
    return {
        "version": "1",
        "install": [
            {
                "download_info": {"url": f"https://example.org/{name}.whl"},
                "metadata": {"name": name, "version": version},
            }
            for name, version in packages
        ],
        "environment": pins.environment(platform, pins.FLOOR),
    }


WINDOWS_PINS = {"numpy": "2.4.6", "pywinpty": "3.1.2", "jinja2": "3.1.6"}


def test_a_report_that_installs_exactly_the_pins_passes():
    found = report(
        WINDOWS, ("numpy", "2.4.6"), ("pywinpty", "3.1.2"), ("Jinja2", "3.1.6")
    )
    assert pins.compare(found, WINDOWS_PINS, WINDOWS, pins.FLOOR) == []


def test_an_unpinned_package_is_named_with_its_platform():
    found = report(
        WINDOWS,
        ("numpy", "2.4.6"),
        ("pywinpty", "3.1.2"),
        ("Jinja2", "3.1.6"),
        ("colorama", "0.4.6"),
    )
    assert pins.compare(found, WINDOWS_PINS, WINDOWS, pins.FLOOR) == [
        "Windows x86-64, Python 3.11.0: colorama 0.4.6 would be installed "
        "unpinned"
    ]


def test_another_version_than_the_pin_is_named():
    found = report(
        WINDOWS, ("numpy", "2.4.6"), ("pywinpty", "3.2.0"), ("Jinja2", "3.1.6")
    )
    (problem,) = pins.compare(found, WINDOWS_PINS, WINDOWS, "3.11.0")
    assert problem == (
        "Windows x86-64, Python 3.11.0: pywinpty 3.2.0 would be installed, "
        "the pin is 3.1.2"
    )


def test_a_pin_pip_would_not_install_is_named():
    found = report(WINDOWS, ("numpy", "2.4.6"), ("Jinja2", "3.1.6"))
    (problem,) = pins.compare(found, WINDOWS_PINS, WINDOWS, pins.FLOOR)
    assert "Windows x86-64" in problem and "pywinpty==3.1.2" in problem


def test_a_report_made_with_the_wrong_markers_fails():
    """pip ignores --platform for markers; a report whose markers were the
    host's (Linux) proves the override did not take."""
    found = report(LINUX, ("numpy", "2.4.6"))
    (problem,) = pins.compare(found, {"numpy": "2.4.6"}, WINDOWS, pins.FLOOR)
    assert problem.startswith("Windows x86-64, Python 3.11.0: pip evaluated")
    assert "linux/x86_64" in problem and "win32/AMD64" in problem


def test_unavailable_reads_pips_two_ways_of_saying_no_wheel():
    conflict = """\
ERROR: Cannot install jupyter_server because these package versions have \
conflicting dependencies.

The conflict is caused by:
    argon2-cffi 25.1.0 depends on argon2-cffi-bindings
    The user requested (constraint) argon2-cffi-bindings==26.2.0

Additionally, some packages in these conflicts have no matching \
distributions available for your environment:
    argon2-cffi-bindings

To fix this you could try to:
"""
    missing = """\
ERROR: Could not find a version that satisfies the requirement \
contourpy==1.3.3 (from versions: 1.4.0)
ERROR: No matching distribution found for contourpy==1.3.3
"""
    assert pins.unavailable(conflict) == ["argon2-cffi-bindings"]
    assert pins.unavailable(missing) == ["contourpy"]
    assert pins.unavailable("ERROR: something else") == []
    assert pins.errors(missing).startswith("ERROR: Could not find")
    why = pins.errors(conflict)
    assert why.startswith("ERROR: Cannot install jupyter_server")
    assert "argon2-cffi 25.1.0 depends on" in why and "To fix" not in why


def test_pip_sees_the_target_platforms_markers(monkeypatch):
    """The override end to end, without the index: a requirement whose
    marker holds only on Windows is ignored for macOS (and the report says
    pip evaluated macOS' markers), and looked for on Windows."""
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    only_windows = ['no-such-package-lossbook==1.0 ; sys_platform == "win32"']
    found, _ = pins.dry_run(MAC_ARM, pins.FLOOR, only_windows)
    assert found is not None and found["install"] == []
    assert pins.compare(found, {}, MAC_ARM, pins.FLOOR) == []
    found, output = pins.dry_run(WINDOWS, pins.FLOOR, only_windows)
    assert found is None
    assert pins.unavailable(output) == ["no-such-package-lossbook"]


def test_the_pythons_are_the_books():
    """FLOOR is pyproject.toml's requires-python and the Makefile's
    PYTHON_FLOOR; the bundle's README names the range of Pythons checked."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    floor = project["project"]["requires-python"].removeprefix(">=")
    assert pins.FLOOR.startswith(floor + ".")
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(
        rf"^PYTHON_FLOOR := {re.escape(pins.FLOOR)}$", makefile, re.M
    )
    low, high = (p.rsplit(".", 1)[0] for p in (pins.FLOOR, pins.NEWEST))
    assert f"Python {low} to {high}" in bundle.README


def test_the_bundle_readme_names_the_oldest_systems_checked():
    readme = " ".join(bundle.README.split())
    assert f"glibc 2.{pins.GLIBC} or newer" in readme
    intel, apple = (p.tags[0].split("_")[1:3] for p in (MAC, MAC_ARM))
    assert f"macOS {'.'.join(intel)} or newer on Intel" in readme
    assert f"{apple[0]} or newer on Apple silicon" in readme


def test_the_committed_reader_pins_are_exact_and_one_per_platform():
    """requirements-reader.txt: every line an exact pin, sorted as the lock
    writes it, and on each platform at most one pin of each package;
    pywinpty for Windows only, appnope for macOS only."""
    text = bundle.READER.read_text()
    lines = pins.requirement_lines(text)
    assert lines == sorted(lines, key=str.lower)
    found = pins.read_pins(text)
    for python in pins.PYTHONS:  # raises on a package pinned twice
        on = {p: pins.expected(found, p, python) for p in pins.PLATFORMS}
    assert "pywinpty" in on[WINDOWS]
    assert not [
        p for p in pins.PLATFORMS if p != WINDOWS and "pywinpty" in on[p]
    ]
    assert "appnope" in on[MAC] and "appnope" in on[MAC_ARM]
    assert "appnope" not in on[LINUX] and "appnope" not in on[WINDOWS]
