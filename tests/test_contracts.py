"""Each CPython release's own socketserver.py meets the contract of its version.

The clauses' ``since``/``until`` are checked against the real modules: every installed CPython
from 3.6 on (pyenv's, here) has its ``Lib/socketserver.py`` judged as a file, under its own
contract, by the quick profile.  Nothing may fail or be blocked, except the real bugs of a
release that a later release fixed, declared in ``tests/contracts/cpython-X.Y.toml`` with the
CPython issue that fixed them (and ``--strict-deviations`` makes sure they are still seen).
A release whose interpreter is not installed is skipped.
"""
from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "tests", "contracts")
PYENV_ROOT = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
RELEASES = ["3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]


def module_of(release: str) -> str:
    found = sorted(glob.glob(os.path.join(PYENV_ROOT, "versions", f"{release}.*", "lib",
                                          f"python{release}", "socketserver.py")))
    if not found:
        pytest.skip(f"CPython {release} is not installed under {PYENV_ROOT}/versions")
    return found[-1]


@pytest.mark.parametrize("release", RELEASES)
def test_cpython_module_meets_its_own_contract(release, tmp_path):
    path = module_of(release)
    report_path = tmp_path / "report.json"
    cmd = [sys.executable, "-m", "socketserver_conformance.cli", "run", f"--impl=path:{path}",
           f"--contract={release}", "--conformance-profile=quick", "-p", "no:xdist", "-q",
           "-p", "no:cacheprovider", f"--conformance-report={report_path}"]
    known = os.path.join(HERE, f"cpython-{release}.toml")
    if os.path.exists(known):
        cmd += [f"--deviations={known}", "--strict-deviations"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert report_path.exists(), f"no report:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}"
    report = json.loads(report_path.read_text())
    wrong = {c["id"]: c["message"].splitlines()[0] for c in report["clauses"]
             if c["outcome"] in ("failed", "blocked")}
    assert not wrong, f"CPython {release}'s {path} under contract {release}: {wrong}"
    assert report["stale_deviations"] == [], "a declared bug of this release no longer shows"
    assert proc.returncode == 0, proc.stdout[-3000:]
