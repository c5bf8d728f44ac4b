"""Pytest plugin: after a failed notebook check, tell the reader what to do."""

import pytest

HINT = (
    "A notebook's stored outputs differ from a fresh run (nbval). If the change "
    "is intended, run `make notebooks` and commit the re-executed notebooks; "
    "otherwise the code or the package changed a number the book shows."
)
_FAILED_CELLS = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and type(item).__name__ == "IPyNbCell":
        _FAILED_CELLS.append(report.nodeid)


def pytest_runtest_logreport(report):
    # Under pytest-xdist only this hook reaches the controlling process.
    if (
        report.failed
        and ".ipynb::Cell" in report.nodeid
        and report.nodeid not in _FAILED_CELLS
    ):
        _FAILED_CELLS.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _FAILED_CELLS:
        terminalreporter.write_sep("=", "how to fix", yellow=True)
        terminalreporter.write_line(HINT)
