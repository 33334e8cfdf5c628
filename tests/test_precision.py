"""Precision on implementations that deviate: each clause is judged on its own.

Two real bugs, each run against the area tests they touch:

* a ForkingMixIn that never collects its children leaves zombies behind in every forking test;
  in the tests that are not about reaping, only FORK-9 (server_close() waits for and collects
  the children: the clause that promises that cleanup) may fail, and their other clauses pass
  (neither failed by the leftovers nor blocked);
* a server that ignores verify_request()'s answer breaks LIFE-14 inside the lifecycle model,
  a test of many clauses.  Undeclared, the others are blocked by it; declared, every other
  clause of the test is judged, and passes.
"""
from __future__ import annotations

import json

import pytest

from tests.test_mutants import run_suite

LEAKING = "module:tests.mutants.forking_never_reaps"
FORKING_TESTS = [f"conformance/suite/test_forking.py::{name}[tcp]" for name in (
    "test_each_request_runs_in_its_own_child", "test_child_exit_status_reports_the_handler_outcome",
    "test_a_server_with_no_children_yet_idles_and_closes")]


def verdicts(report_path) -> dict:
    with open(report_path) as f:
        return {c["id"]: c for c in json.load(f)["clauses"] if c["outcome"] != "untested"}


def test_children_left_behind_fail_only_the_clause_that_promises_their_cleanup(tmp_path):
    report = tmp_path / "report.json"
    proc = run_suite(LEAKING, FORKING_TESTS, str(report))
    assert report.exists(), proc.stdout[-3000:]
    got = verdicts(report)
    failed = sorted(c for c, v in got.items() if v["outcome"] == "failed")
    assert failed == ["FORK-9"], f"want only FORK-9 failed; got {failed}:\n{proc.stdout[-3000:]}"
    others = {c: v["outcome"] for c, v in got.items() if c != "FORK-9"}
    assert set(others) >= {"FORK-1", "FORK-2", "FORK-3", "FORK-4", "FORK-15", "FORK-17"}, others
    assert set(others.values()) == {"passed"}, f"the tests' other clauses: {others}"


def test_a_declared_deviation_lets_every_other_clause_of_the_model_be_judged(tmp_path):
    impl = "module:tests.mutants.lifecycle_verify_ignored"
    select = ["conformance/suite/test_lifecycle.py", "-k", "under_handle_request and tcp"]
    undeclared = tmp_path / "undeclared.json"
    run_suite(impl, select, str(undeclared))
    before = verdicts(undeclared)
    assert before["LIFE-14"]["outcome"] == "failed"
    blocked = sorted(c for c, v in before.items() if v["outcome"] == "blocked")
    if not blocked:
        pytest.fail("undeclared, LIFE-14 blocked nothing: the test no longer shows the masking it guards against")
    deviations = tmp_path / "deviations.toml"
    deviations.write_text('"LIFE-14" = "verify_request()\'s answer is ignored (the mutant\'s one edit)"\n')
    declared = tmp_path / "declared.json"
    proc = run_suite(impl, select, str(declared), f"--deviations={deviations}")
    after = verdicts(declared)
    assert after["LIFE-14"]["outcome"] == "deviation", after["LIFE-14"]
    others = {c: v["outcome"] for c, v in after.items() if c != "LIFE-14"}
    assert set(others.values()) == {"passed"}, f"with LIFE-14 declared, the other clauses: {others}"
    assert set(blocked) <= set(others), f"clauses blocked before were not judged after: {blocked}"
    assert proc.returncode == 0, proc.stdout[-3000:]
