"""Every Python on this machine, each judged against its own stdlib and contract version.

    nox                       # everything below (or: make matrix)
    nox -s "stdlib(pypy3)"    # one interpreter
    nox -l                    # the sessions, and which interpreters exist

* ``stdlib``: each interpreter found, CPython 3.9 to 3.13 (pyenv's, else on PATH) and PyPy
  (``pypy3``), gets its own venv with the project installed and runs the quick profile against
  its own ``socketserver`` under its own contract version.
* ``module_file``: the ``Lib/socketserver.py`` of CPython 3.6, 3.7 and 3.8, whose interpreters
  the suite's dependencies no longer run on, judged as files (``--impl=path:``) under the
  interpreter that runs nox, each with its own contract and the release's known bugs (``tests/contracts/``).
* ``table``: one Markdown table of every report written, then each one's failed clauses.

Each writes ``reports/matrix/<name>.json``.  A missing interpreter or file is a skipped
session, listed as such in nox's summary, never a failure.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys

import nox

nox.options.error_on_missing_interpreters = False  # missing is "skipped", also on CI
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["stdlib", "module_file", "table"]

ROOT = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.join(ROOT, "reports", "matrix")
PYENV_ROOT = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
CPYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
OLD_RELEASES = ["3.6", "3.7", "3.8"]  # judged as files: the suite's dependencies need 3.9+
WORKERS = os.environ.get("MATRIX_WORKERS", "2")


def _works(exe: str) -> bool:
    try:  # a pyenv shim exists on PATH even for a version that is not selected
        return subprocess.run([exe, "-c", "pass"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _pyenv(version: str, name: str) -> list:
    return sorted(glob.glob(os.path.join(PYENV_ROOT, "versions", f"{version}.*", "bin", name)))


def interpreter(version: str) -> str:
    """The interpreter for "3.12" or "pypy3": a path when found, else the bare name (which nox
    then reports as missing)."""
    name = version if version.startswith("pypy") else f"python{version}"
    for exe in [*_pyenv(version, name)[-1:], shutil.which(name)]:
        if exe and _works(exe):
            return exe
    return name


PYTHONS = [interpreter(v) for v in CPYTHONS] + [interpreter("pypy3")]
NAMES = [*CPYTHONS, "pypy3"]


def _report(name: str) -> str:
    os.makedirs(REPORTS, exist_ok=True)
    return os.path.join(REPORTS, f"{name}.json")


@nox.session
@nox.parametrize("python", PYTHONS, ids=NAMES)
def stdlib(session: nox.Session) -> None:
    """The running interpreter's own socketserver, under its own contract."""
    session.install("-e", ROOT)
    name = NAMES[PYTHONS.index(session.python)]
    session.run("socketserver-conformance", "run", "--impl=stdlib", "--conformance-profile=quick",
                "-n", WORKERS, f"--conformance-report={_report('stdlib-' + name)}", "-q")


@nox.session(python=False)
@nox.parametrize("release", OLD_RELEASES)
def module_file(session: nox.Session, release: str) -> None:
    """An old release's Lib/socketserver.py as a file, under its own contract."""
    found = _pyenv(release, f"../lib/python{release}/socketserver.py")
    if not found:
        session.skip(f"CPython {release}'s socketserver.py is not installed under {PYENV_ROOT}/versions")
    path = os.path.normpath(found[-1])
    args = [f"--impl=path:{path}", f"--contract={release}", "--conformance-profile=quick", "-n", WORKERS,
            f"--conformance-report={_report('cpython-' + release + '-file')}", "-q"]
    known = os.path.join(ROOT, "tests", "contracts", f"cpython-{release}.toml")
    if os.path.exists(known):
        args += [f"--deviations={known}", "--strict-deviations"]
    session.run(sys.executable, "-m", "socketserver_conformance.cli", "run", *args, external=True)


@nox.session(python=False)
def table(session: nox.Session) -> None:
    """One Markdown table over every report the matrix wrote."""
    reports = sorted(glob.glob(os.path.join(REPORTS, "*.json")))
    if not reports:
        session.skip("no reports yet: run the other sessions first")
    session.run(sys.executable, "-m", "socketserver_conformance.cli", "summary", *reports, external=True)
