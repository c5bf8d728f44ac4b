"""Pytest plugin: after a failed notebook check, tell the reader what to do."""

HINT = (
    "A notebook's stored outputs differ from a fresh run (nbval). If the change "
    "is intended, run `make notebooks` and commit the re-executed notebooks; "
    "otherwise the code or the package changed a number the book shows."
)


def pytest_terminal_summary(terminalreporter):
    failed = terminalreporter.stats.get("failed", [])
    if any(report.nodeid.split("::")[0].endswith(".ipynb") for report in failed):
        terminalreporter.write_sep("=", "how to fix", yellow=True)
        terminalreporter.write_line(HINT)
