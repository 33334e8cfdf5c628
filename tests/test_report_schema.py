"""The JSON report's published format, ``conformance/report.schema.json`` (JSON Schema 2020-12).

Reports written by real runs validate against it: a small passing run (under xdist, as CI runs
it), a run against a mutant through ``tests/test_mutants.py``'s own runner (a failed clause, a
blocked one, ``--contract=auto``'s ``contract_fit``, a declared deviation), and any report
under ``reports/`` written by this version of the suite (``make test`` and ``make matrix``
write them there).  The fields a dashboard harvests are checked for their meaning too.
"""
from __future__ import annotations

import datetime
import glob
import json
import os
import subprocess
import sys

import pytest

import socketserver_conformance
from tests.test_mutants import ROOT, run_suite

jsonschema = pytest.importorskip("jsonschema", reason="the test extra installs jsonschema")

SCHEMA_PATH = os.path.join(os.path.dirname(socketserver_conformance.__file__), "report.schema.json")


@pytest.fixture(scope="module")
def validator():
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid(validator, report: dict, what: str) -> None:
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    assert not errors, f"{what} does not match report.schema.json:\n" + "\n".join(
        f"  at /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:20])


def _instant(text: str) -> datetime.datetime:
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def test_the_schema_is_published_in_the_package():
    assert os.path.exists(SCHEMA_PATH)
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema"]["const"] == "socketserver-conformance/1"


def test_a_run_under_xdist_writes_a_valid_report(tmp_path, validator):
    path = tmp_path / "report.json"
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance/suite/test_api.py", "--impl=stdlib", "-n", "2",
         "--conformance-profile=quick", "--conformance-area=api", "--hypothesis-seed=7", "-q",
         "-p", "no:cacheprovider", "-o", "addopts=", f"--conformance-report={path}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    report = json.loads(path.read_text())
    assert_valid(validator, report, "a passing run's report")
    after = datetime.datetime.now(datetime.timezone.utc)
    assert before <= _instant(report["started_at"]) <= _instant(report["finished_at"]) <= after
    assert report["exit_status"] == 0
    assert report["seed"] == "7"
    assert report["profile"] == "quick" and report["contract"] == f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert report["workers"] == 2
    assert report["suite"]["version"] == socketserver_conformance.__version__
    in_git = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True)
    if in_git.returncode == 0:  # run from this checkout: the commit is recorded
        assert report["suite"]["commit"] == in_git.stdout.strip()
    assert "--hypothesis-seed=7" in report["invocation"]


def test_a_mutant_run_writes_a_valid_report(tmp_path, validator):
    path = str(tmp_path / "report.json")
    deviations = tmp_path / "known.toml"
    deviations.write_text('"API-9" = "a deviation that passes: reported as stale"\n')
    proc = run_suite("module:tests.mutants.api_enter_returns_none",
                     ["conformance/suite/test_api.py", "-k", "closing_context_manager or exported"], path,
                     "--contract=auto", f"--deviations={deviations}")
    report = json.loads(open(path).read())
    assert_valid(validator, report, "a failing run's report")
    assert proc.returncode == 1 and report["exit_status"] == 1
    verdicts = {c["id"]: c["outcome"] for c in report["clauses"]}
    assert verdicts["API-8"] == "failed"
    assert report["contract"] == "auto" and "contract_fit" in report
    assert report["seed"] == "0"  # run_suite passes --hypothesis-seed=0


REPORTS = sorted(glob.glob(os.path.join(ROOT, "reports", "*.json"))
                 + glob.glob(os.path.join(ROOT, "reports", "matrix", "*.json")))


@pytest.mark.parametrize("path", REPORTS or [None], ids=[os.path.relpath(p, ROOT) for p in REPORTS] or ["none"])
def test_reports_on_disk_written_by_this_suite_are_valid(path, validator):
    if path is None:
        pytest.skip("no reports under reports/ yet (make test, make matrix write them)")
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    if "suite" not in report:
        pytest.skip(f"{os.path.relpath(path, ROOT)} was written before reports recorded the suite's version")
    assert_valid(validator, report, path)
