"""The suite must catch every named mutant, on the clause the mutant breaks."""
from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys

import pytest

import tests.mutants as catalog
from socketserver_conformance.spec import CLAUSES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MUTANTS = sorted(m.name for m in pkgutil.iter_modules(catalog.__path__) if not m.name.startswith("_"))


def run_suite(impl: str, select, report_path: str, *extra: str) -> subprocess.CompletedProcess:
    """Run the conformance suite in a subprocess against ``impl``; the JSON report is the verdict."""
    cmd = [sys.executable, "-m", "pytest", *select, f"--impl={impl}", "-p", "tests._profiles", "--hypothesis-profile=catalog",
           "--hypothesis-seed=0", f"--conformance-report={report_path}", "-q", "-p", "no:cacheprovider",
           "-o", "addopts=", *extra]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def catch_options(module) -> list:
    """CATCHES entries as alternatives: a clause ID, or a tuple of IDs of which one must fail
    (for racy bugs whose first observable symptom depends on thread interleaving)."""
    return [entry if isinstance(entry, tuple) else (entry,) for entry in module.CATCHES]


def test_catalog_is_not_empty():
    assert MUTANTS, "tests/mutants/ holds no mutants"


@pytest.mark.parametrize("name", MUTANTS)
def test_mutant_declares_known_clauses(name):
    module = importlib.import_module(f"tests.mutants.{name}")
    assert module.CATCHES, f"{name}: CATCHES names no clause"
    unknown = [c for options in catch_options(module) for c in options if c not in CLAUSES]
    assert not unknown, f"{name}: CATCHES names unknown clauses {unknown}"
    assert module.SELECT, f"{name}: SELECT selects no conformance test"
    assert (module.__doc__ or "").strip(), f"{name}: say in the docstring what the bug is"


#: CPython internals a mutant must not copy or depend on (see tests/mutants/_kit.py).
STDLIB_PRIVATE = ("_BaseServer__", "_ServerSelector", "_handle_request_noblock", "_NoThreads", "_Threads",
                  "process_request_thread")


@pytest.mark.parametrize("name", MUTANTS)
def test_mutant_does_not_copy_stdlib_internals(name):
    with open(os.path.join(ROOT, "tests", "mutants", f"{name}.py"), encoding="utf-8") as f:
        source = f.read()
    used = [p for p in STDLIB_PRIVATE if p in source]
    assert not used, (f"{name} uses CPython's private {used}: express the bug through public hooks, "
                      "or write it as an edit of reference/socketserver.py (patched_reference)")


@pytest.mark.parametrize("name", MUTANTS)
def test_suite_catches_mutant(name, tmp_path):
    module = importlib.import_module(f"tests.mutants.{name}")
    report_path = str(tmp_path / "report.json")
    proc = run_suite(f"module:tests.mutants.{name}", list(module.SELECT), report_path)
    assert os.path.exists(report_path), f"no report; pytest said:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}"
    with open(report_path) as f:
        report = json.load(f)
    verdicts = {c["id"]: c for c in report["clauses"]}
    missed = [" or ".join(options) for options in catch_options(module)
              if not any(verdicts[c]["outcome"] == "failed" for c in options)]
    failed = sorted(c for c, v in verdicts.items() if v["outcome"] == "failed")
    assert not missed, (f"mutant {name} ({module.__doc__.strip().splitlines()[0]}): the suite did not fail "
                        f"{missed}; it failed {failed}.\n{proc.stdout[-3000:]}")
    assert proc.returncode == 1, f"pytest exit status {proc.returncode} on a caught mutant (want 1)"
