"""Expectations outside the code (--deviations, --write-deviations, --strict-deviations) and --contract."""
from __future__ import annotations

import json
import sys
import textwrap

import pytest

from socketserver_conformance._deviations import DeviationsError, load_deviations
from tests.test_plugin import BROKEN_READLINE, PASSING

# A conformance-style test of FRAME-1 (it fails against BROKEN_READLINE), and one of a 3.7 clause.
TEST_FILE = PASSING + """

@pytest.mark.spec("API-11")
def test_needs_3_7():
    pass
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(test_x=TEST_FILE, shouting=BROKEN_READLINE)
    return pytester


def run(pytester: pytest.Pytester, *args: str):
    path = pytester.path / "report.json"
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--conformance-report={path}", *args)
    return result, json.loads(path.read_text()) if path.exists() else None


def outcome(report, clause: str) -> str:
    return next(c["outcome"] for c in report["clauses"] if c["id"] == clause)


def test_a_deviations_file_turns_a_failure_into_a_deviation(project):
    (project.path / "dev.toml").write_text('"FRAME-1" = "our rfile upper-cases (shouting.py:5)"\n')
    result, report = run(project, "--impl=module:shouting", f"--deviations={project.path / 'dev.toml'}")
    assert result.ret == 0
    assert outcome(report, "FRAME-1") == "deviation"
    assert report["implementation"]["deviations"] == {"FRAME-1": "our rfile upper-cases (shouting.py:5)"}


def test_without_the_file_the_same_run_fails(project):
    result, report = run(project, "--impl=module:shouting")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert outcome(report, "FRAME-1") == "failed"


def test_conditions_narrow_an_entry_to_contracts_and_platforms(project):
    (project.path / "dev.toml").write_text(textwrap.dedent(f"""
        ["FRAME-1"]
        reason = "only under 3.8"
        contracts = ["3.8"]
        platforms = ["{sys.platform}"]
    """))
    dev = f"--deviations={project.path / 'dev.toml'}"
    _, report = run(project, "--impl=module:shouting", dev, "--contract=3.8")
    assert outcome(report, "FRAME-1") == "deviation"
    assert report["contract"] == "3.8"
    _, report = run(project, "--impl=module:shouting", dev, "--contract=3.11")
    assert outcome(report, "FRAME-1") == "failed"


def test_write_deviations_starts_a_file_that_then_makes_the_run_green(project):
    written = project.path / "written.toml"
    result, _ = run(project, "--impl=module:shouting", f"--write-deviations={written}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert load_deviations(str(written), contract=(3, 11)) == {"FRAME-1": "TODO: say why"}
    result, report = run(project, "--impl=module:shouting", f"--deviations={written}")
    assert result.ret == 0 and outcome(report, "FRAME-1") == "deviation"


def test_strict_deviations_fails_on_stale_and_unknown_entries(project):
    (project.path / "dev.toml").write_text('"FRAME-1" = "fixed long ago"\n"NOPE-1" = "no such clause"\n')
    dev = f"--deviations={project.path / 'dev.toml'}"
    result, report = run(project, dev)  # the stdlib passes FRAME-1: the entry is stale
    assert result.ret == 0
    assert report["stale_deviations"] == ["FRAME-1"] and report["unknown_deviation_ids"] == ["NOPE-1"]
    result, _ = run(project, dev, "--strict-deviations")
    assert result.ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize("text, complaint", [
    ('"FRAME-1" = 3\n', "reason string"),
    ('["FRAME-1"]\nwhy = "x"\n', "reason string"),
    ('["FRAME-1"]\nreason = "x"\nversions = ["3.8"]\n', "unknown keys"),
    ('["FRAME-1"]\nreason = "x"\ncontracts = "3.8"\n', "list of strings"),
    ("FRAME-1 = = x\n", "not valid TOML"),
])
def test_a_bad_deviations_file_is_a_usage_error_that_says_what_to_write(project, text, complaint):
    (project.path / "dev.toml").write_text(text)
    result, _ = run(project, f"--deviations={project.path / 'dev.toml'}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert complaint in result.stderr.str()


def test_a_missing_deviations_file_is_a_usage_error(project):
    result, _ = run(project, "--deviations=nowhere.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "cannot read" in result.stderr.str()


def test_load_deviations_rejects_a_reasonless_table(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text('["LIFE-1"]\ncontracts = ["3.8"]\n')
    with pytest.raises(DeviationsError, match="reason"):
        load_deviations(str(path), contract=(3, 8))


def test_contract_skips_clauses_of_later_versions_and_names_them(project):
    result, report = run(project, "--contract=3.6", "-rs")
    assert outcome(report, "API-11") == "skipped"
    result.stdout.fnmatch_lines(["*API-11 holds for Python 3.7+; the run applies contract 3.6*"])
    _, report = run(project, "--contract=3.7")
    assert outcome(report, "API-11") == "passed"


def test_a_malformed_contract_is_a_usage_error(project):
    result, _ = run(project, "--contract=three")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "X.Y" in result.stderr.str()


MIXED_CONTRACT = """
import pytest
from socketserver_conformance.harness import expect

@pytest.mark.spec("FRAME-1", "API-11")
def test_both():
    expect(False, "API-11", "a 3.7 promise broken on purpose")
    expect(True, "FRAME-1", "holds")
"""


def test_a_test_runs_for_its_clauses_in_the_contract_and_skips_the_others(pytester):
    pytester.makepyfile(test_x=MIXED_CONTRACT)
    _, report = run(pytester, "--contract=3.6")
    rows = {c["id"]: c for c in report["clauses"]}
    # API-11 (3.7+) is not judged under 3.6: its violation is no verdict, FRAME-1 is judged.
    assert rows["FRAME-1"]["outcome"] == "passed"
    assert rows["API-11"]["outcome"] == "skipped"
    assert "holds for Python 3.7+" in rows["API-11"]["message"]
    _, report = run(pytester, "--contract=3.7")
    assert {c["id"]: c["outcome"] for c in report["clauses"]}["API-11"] == "failed"
