"""The ``socketserver-conformance`` command: run the installed suite from any directory.

``socketserver-conformance run [PYTEST ARGS...]`` is ``pytest`` over the suite's own test
modules (wherever the distribution is installed), with the arguments passed through::

    socketserver-conformance run --impl=module:myfork.socketserver -n 2 \\
        --conformance-report=reports/myfork.json

pytest's cache goes to the current directory, never into the installed package.

The other commands read the JSON reports: ``summary`` (Markdown for a CI job summary),
``matrix`` (one HTML page over many implementations), ``diff`` (what changed against a
baseline; exit 1 on a regression).
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from socketserver_conformance import SUITE_DIR


def pytest_args(args: List[str]) -> List[str]:
    """The pytest command line that runs the suite with the user's ``args``."""
    return [SUITE_DIR, "-o", f"cache_dir={os.path.join(os.getcwd(), '.pytest_cache')}", *args]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socketserver-conformance",
        description="Conformance suite for Python's socketserver contract.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "run", add_help=False, help="run the suite; every further argument goes to pytest "
                                    "(run --help lists them, the conformance group included)")
    commands.add_parser("suite-path", help="print the folder of the suite's test modules")
    summary = commands.add_parser(
        "summary", help="print Markdown for a CI job summary from JSON reports",
        description="Markdown fit for a CI job summary ($GITHUB_STEP_SUMMARY): one row per report, "
                    "then each report's per-area counts and its failed and blocked clauses.")
    summary.add_argument("reports", nargs="+", metavar="REPORT", help="JSON reports written by --conformance-report")
    matrix = commands.add_parser(
        "matrix", help="write one self-contained HTML page over many JSON reports",
        description="One HTML page: implementations (columns) x clauses (rows, grouped by area), each cell "
                    "coloured by its outcome, the failure message, reproduction line and deviation reason "
                    "one click away, counts per implementation and area, filters by area, level and "
                    "outcome. Self-contained (no assets fetched); the table reads without JavaScript.")
    matrix.add_argument("reports", nargs="+", metavar="REPORT",
                        help="JSON reports written by --conformance-report, or folders of them (their *.json)")
    matrix.add_argument("-o", "--output", default="-", metavar="PAGE",
                        help="the HTML file to write (default: standard output)")
    matrix.add_argument("--title", default="socketserver conformance", help="the page's title")
    diff = commands.add_parser(
        "diff", help="what changed between two JSON reports; exit 1 on a regression (a CI gate)",
        description="Prints, per clause, what changed from BASELINE to NEW: newly failed, new deviations, "
                    "newly blocked, newly skipped, newly untested, newly passing, stale deviations. Exits 1 "
                    "when a clause that passed in BASELINE no longer passes (failed, blocked, skipped or "
                    "untested; a newly declared deviation is not counted unless --strict), 2 when a report "
                    "cannot be read, 0 otherwise.")
    diff.add_argument("baseline", metavar="BASELINE", help="the report to compare against (say, main's)")
    diff.add_argument("new", metavar="NEW", help="the report of the change")
    diff.add_argument("--strict", action="store_true",
                      help="also a regression: any clause newly failed, newly a deviation or newly blocked, "
                           "whatever it was in BASELINE (a passing clause declared as a known deviation, too)")
    return parser


def _load_all(command: str, paths: List[str]) -> Optional[list]:
    from socketserver_conformance._summary import ReportError, load_report

    try:
        return [(path, load_report(path)) for path in paths]
    except ReportError as exc:
        print(f"socketserver-conformance {command}: {exc}", file=sys.stderr)
        return None


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["run"]:
        # Everything after "run" is pytest's, untouched (argparse would reorder or reject it).
        import pytest  # late: the other commands need no pytest

        return int(pytest.main(pytest_args(argv[1:])))
    ns = _parser().parse_args(argv)
    if ns.command == "suite-path":
        print(SUITE_DIR)
    elif ns.command == "summary":
        from socketserver_conformance._summary import ReportError, load_report, markdown

        try:
            reports = [(path, load_report(path)) for path in ns.reports]
        except ReportError as exc:
            print(f"socketserver-conformance summary: {exc}", file=sys.stderr)
            return 2
        sys.stdout.write(markdown(reports))
    elif ns.command == "matrix":
        from socketserver_conformance import _matrix

        paths = _matrix.expand(ns.reports)
        if not paths:
            print("socketserver-conformance matrix: no reports found in " + ", ".join(ns.reports), file=sys.stderr)
            return 2
        loaded = _load_all("matrix", paths)
        if loaded is None:
            return 2
        _matrix.write(_matrix.render(loaded, title=ns.title), ns.output)
        if ns.output not in ("-", ""):
            print(f"{ns.output}: {len(loaded)} report(s)", file=sys.stderr)
    elif ns.command == "diff":
        from socketserver_conformance import _diff

        loaded = _load_all("diff", [ns.baseline, ns.new])
        if loaded is None:
            return 2
        (_, baseline), (_, new) = loaded
        result = _diff.diff(baseline, new, strict=ns.strict)
        sys.stdout.write(_diff.render(result, ns.baseline, ns.new, baseline, new, strict=ns.strict))
        return 1 if result.regressions else 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
