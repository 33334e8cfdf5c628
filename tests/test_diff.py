"""``socketserver-conformance diff BASELINE NEW``: the CI gate, and ``--help`` on every command."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from socketserver_conformance.cli import main
from tests.test_matrix_page import make_report


def write(tmp_path, name: str, report: dict) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(report))
    return str(path)


def run(capsys, *args: str):
    status = main(["diff", *args])
    return status, capsys.readouterr().out


def test_identical_reports_exit_zero(tmp_path, capsys):
    report = make_report("myfork", "1.0", {"LIFE-3": ("failed", "observed: x")})
    status, out = run(capsys, write(tmp_path, "a", report), write(tmp_path, "b", report))
    assert status == 0
    assert "no clause changed its verdict" in out and "no regression" in out
    status, _ = run(capsys, "--strict", write(tmp_path, "a", report), write(tmp_path, "b", report))
    assert status == 0


def test_a_newly_failed_clause_exits_non_zero_and_is_named(tmp_path, capsys):
    baseline = write(tmp_path, "base", make_report("myfork", "1.0"))
    new = write(tmp_path, "new", make_report("myfork", "1.1", {
        "LIFE-3": ("failed", "observed: finish() never ran\nreproduce: pytest x"),
        "LIFE-4": ("blocked", "not judged: its tests stopped at LIFE-3")}))
    status, out = run(capsys, baseline, new)
    assert status == 1
    assert "newly failed (1):" in out
    assert "LIFE-3     passed -> failed  (finish() runs when handle() raises): observed: finish() never ran" in out
    assert "newly blocked (1):" in out and "LIFE-4" in out
    assert "REGRESSION: 2 clause(s) passed in the baseline and no longer passes: LIFE-3, LIFE-4" in out
    assert "counts:   passed 153 -> 151, failed 0 -> 1" in out


def test_newly_passing_and_stale_deviations_are_no_regression(tmp_path, capsys):
    baseline = make_report("myfork", "1.0", {"LIFE-3": ("failed", "observed: x"),
                                             "THREAD-3": ("deviation", "known")},
                           deviations={"THREAD-3": "daemon threads"})
    new = make_report("myfork", "1.1", deviations={"THREAD-3": "daemon threads"})
    for row in new["clauses"]:
        if row["id"] == "THREAD-3":
            row.update(stale_deviation=True, message="listed as a known deviation (daemon threads) but passed")
    status, out = run(capsys, write(tmp_path, "a", baseline), write(tmp_path, "b", new))
    assert status == 0
    assert "newly passing (2):" in out and "stale deviations (1):" in out
    assert "no regression" in out


def test_a_new_deviation_counts_only_under_strict(tmp_path, capsys):
    baseline = write(tmp_path, "a", make_report("myfork", "1.0"))
    new = write(tmp_path, "b", make_report("myfork", "1.0", {"THREAD-3": ("deviation", "observed daemons")},
                                           deviations={"THREAD-3": "daemon threads"}))
    status, out = run(capsys, baseline, new)
    assert status == 0 and "new deviations (1):" in out
    status, out = run(capsys, "--strict", baseline, new)
    assert status == 1 and "REGRESSION: 1 clause(s)" in out and "THREAD-3" in out


def test_failed_to_blocked_counts_only_under_strict(tmp_path, capsys):
    baseline = write(tmp_path, "a", make_report("myfork", "1.0", {"LIFE-4": ("failed", "x")}))
    new = write(tmp_path, "b", make_report("myfork", "1.0", {"LIFE-4": ("blocked", "y")}))
    assert run(capsys, baseline, new)[0] == 0
    assert run(capsys, "--strict", baseline, new)[0] == 1


def test_a_clause_no_longer_tested_is_a_regression(tmp_path, capsys):
    baseline = make_report("myfork", "1.0")
    new = make_report("myfork", "1.0", {"LOOP-1": ("untested", "no test of this clause ran")})
    new["clauses"] = [r for r in new["clauses"] if r["id"] != "LOOP-2"]  # a report of an older spec
    status, out = run(capsys, write(tmp_path, "a", baseline), write(tmp_path, "b", new))
    assert status == 1
    assert "newly untested (2):" in out
    assert "LOOP-2     passed -> absent" in out


def test_reports_of_different_runs_are_noted(tmp_path, capsys):
    a = make_report("stdlib", "CPython 3.11.7")
    b = make_report("myfork", "1.0", contract="3.9")
    status, out = run(capsys, write(tmp_path, "a", a), write(tmp_path, "b", b))
    assert status == 0
    assert "note: the reports differ in implementation: stdlib (baseline) vs myfork (new)" in out
    assert "note: the reports differ in contract: 3.11 (baseline) vs 3.9 (new)" in out


def test_a_file_that_is_no_report_exits_two(tmp_path, capsys):
    good = write(tmp_path, "a", make_report("myfork", "1.0"))
    (tmp_path / "bad.json").write_text("[]")
    assert main(["diff", good, str(tmp_path / "bad.json")]) == 2
    assert "not a socketserver-conformance report" in capsys.readouterr().err
    assert main(["diff", good, str(tmp_path / "missing.json")]) == 2
    assert "cannot read it" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["suite-path", "summary", "matrix", "diff"])
def test_help_on_every_subcommand(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: socketserver-conformance {command}")


def test_help_of_run_is_pytest_help_with_the_conformance_options():
    proc = subprocess.run([sys.executable, "-m", "socketserver_conformance.cli", "run", "--help"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "--impl=" in proc.stdout and "--conformance-report" in proc.stdout


def test_help_of_the_command_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("run", "suite-path", "summary", "matrix", "diff"):
        assert command in out
