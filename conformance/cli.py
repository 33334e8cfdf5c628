"""The ``socketserver-conformance`` command: run the installed suite from any directory.

``socketserver-conformance run [PYTEST ARGS...]`` is ``pytest`` over the suite's own test
modules (wherever the distribution is installed), with the arguments passed through::

    socketserver-conformance run --impl=module:myfork.socketserver -n 2 \\
        --conformance-report=reports/myfork.json

pytest's cache goes to the current directory, never into the installed package.
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
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["run"]:
        # Everything after "run" is pytest's, untouched (argparse would reorder or reject it).
        import pytest  # late: the other commands need no pytest

        return int(pytest.main(pytest_args(argv[1:])))
    ns = _parser().parse_args(argv)
    if ns.command == "suite-path":
        print(SUITE_DIR)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
