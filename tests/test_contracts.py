"""Each CPython release's own socketserver.py meets the contract of its version.

The clauses' ``since``/``until`` are checked against the real modules: every installed CPython
from 3.6 on (pyenv's, here) has its ``Lib/socketserver.py`` judged as a file, under its own
contract, with two examples per test (the ``contracts`` profile of tests/_profiles.py).  Nothing may fail or be blocked, except the real bugs of a
release that a later release fixed, declared in ``tests/contracts/cpython-X.Y.toml`` with the
CPython issue that fixed them (and ``--strict-deviations`` makes sure they are still seen).
A release whose interpreter is not installed is skipped.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import subprocess
import sys

import pytest

from socketserver_conformance.spec import CLAUSES

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


def contract_of(release: str) -> frozenset:
    """The clauses Python ``release``'s contract holds: releases with the same set ask the same."""
    version = tuple(int(part) for part in release.split("."))
    return frozenset(cid for cid, clause in CLAUSES.items() if clause.holds_for(version))  # type: ignore[arg-type]


def judged_before(release: str) -> "str | None":
    """An earlier release with a byte-identical module and the same contract (3.10's file is
    3.9's, 3.13's is 3.12's, and no clause changes between them): its verdict is this one's."""
    path = module_of(release)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    for earlier in RELEASES[:RELEASES.index(release)]:
        try:
            other = module_of(earlier)
        except pytest.skip.Exception:
            continue
        with open(other, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() == digest and contract_of(earlier) == contract_of(release):
                return earlier
    return None


@pytest.mark.parametrize("release", RELEASES)
def test_cpython_module_meets_its_own_contract(release, tmp_path):
    path = module_of(release)
    same = judged_before(release)
    if same is not None:
        pytest.skip(f"CPython {release}'s socketserver.py is {same}'s, byte for byte, under the same "
                    f"contract: judged as {same}")
    report_path = tmp_path / "report.json"
    cmd = [sys.executable, "-m", "socketserver_conformance.cli", "run", f"--impl=path:{path}",
           f"--contract={release}", "-p", "tests._profiles", "--hypothesis-profile=contracts", "-p", "no:xdist", "-q",
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


def test_contract_auto_finds_the_newest_version_met(tmp_path):
    """--contract=auto judges every clause and reports the newest contract version met: for
    3.6's module (no block_on_close, which 3.7 added) that is 3.6, and 3.7 lacks API-11."""
    path = module_of("3.6")
    report_path = tmp_path / "report.json"
    cmd = [sys.executable, "-m", "socketserver_conformance.cli", "run", f"--impl=path:{path}",
           "--contract=auto", "--conformance-profile=quick", "-p", "no:xdist", "-q", "-p", "no:cacheprovider",
           f"--conformance-report={report_path}", "-k", "block_on_close_default or reuse_port_default or exports"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert report_path.exists(), f"no report:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}"
    report = json.loads(report_path.read_text())
    assert report["contract"] == "auto"
    fit = report["contract_fit"]
    assert fit["meets"] == "3.6", fit
    lacking = {step["from"]: step["clauses"] for step in fit["lacking"]}
    assert "API-11" in lacking["3.7"] and "API-12" in lacking["3.11"], lacking
    assert "contract auto: meets 3.6" in proc.stdout
