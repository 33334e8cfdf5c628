"""Each clause judged on its own: no masking, blocked clauses named, declared deviations stepped over."""
from __future__ import annotations

import json
import textwrap

import pytest

# One test, two clauses: FRAME-1 judged first, then FRAME-2.  The implementation decides which break.
TWO_CLAUSES = """
import pytest
from socketserver_conformance.harness import expect

@pytest.mark.spec("FRAME-1", "FRAME-2")
def test_two(impl):
    expect(not getattr(impl.api, "BREAK_FRAME_1", False), "FRAME-1", "FRAME-1 broken on purpose")
    if getattr(impl.api, "CRASH_AFTER_FRAME_1", False):
        raise RuntimeError("the scenario cannot go on")
    expect(not getattr(impl.api, "BREAK_FRAME_2", False), "FRAME-2", "FRAME-2 broken on purpose")
"""


def run(pytester: pytest.Pytester, module: str) -> dict:
    pytester.makepyfile(test_x=TWO_CLAUSES, fake=textwrap.dedent(module))
    path = pytester.path / "report.json"
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "--impl=module:fake", f"--conformance-report={path}")
    report = json.loads(path.read_text())
    return {c["id"]: c for c in report["clauses"] if c["id"] in ("FRAME-1", "FRAME-2")} | {"_report": report}


BASE = "from socketserver import *\n"


def test_a_violation_blocks_the_clauses_its_test_did_not_reach(pytester):
    rows = run(pytester, BASE + "BREAK_FRAME_1 = True\n")
    assert rows["FRAME-1"]["outcome"] == "failed"
    assert rows["FRAME-2"]["outcome"] == "blocked"
    assert rows["FRAME-2"]["blocked_by"] == ["FRAME-1"]
    assert "FRAME-1" in rows["FRAME-2"]["message"]
    assert rows["_report"]["summary"]["blocked"] == 1


def test_a_declared_deviation_lets_the_other_clauses_be_judged(pytester):
    rows = run(pytester, BASE + "BREAK_FRAME_1 = True\nCONFORMANCE_DEVIATIONS = {'FRAME-1': 'on purpose'}\n")
    assert rows["FRAME-1"]["outcome"] == "deviation"
    assert rows["FRAME-2"]["outcome"] == "passed"
    assert rows["_report"]["summary"]["failed"] == 0


def test_past_a_declared_deviation_the_next_clause_still_fails_on_its_own(pytester):
    rows = run(pytester, BASE + "BREAK_FRAME_1 = BREAK_FRAME_2 = True\n"
                                "CONFORMANCE_DEVIATIONS = {'FRAME-1': 'on purpose'}\n")
    assert rows["FRAME-1"]["outcome"] == "deviation"
    assert rows["FRAME-2"]["outcome"] == "failed"


def test_a_crash_after_a_declared_deviation_blocks_the_rest_on_it(pytester):
    rows = run(pytester, BASE + "BREAK_FRAME_1 = CRASH_AFTER_FRAME_1 = True\n"
                                "CONFORMANCE_DEVIATIONS = {'FRAME-1': 'on purpose'}\n")
    assert rows["FRAME-1"]["outcome"] == "deviation"
    assert rows["FRAME-2"]["outcome"] == "blocked"
    assert rows["FRAME-2"]["blocked_by"] == ["FRAME-1"]


def test_a_crash_that_names_no_clause_fails_every_clause_of_the_test(pytester):
    rows = run(pytester, BASE + "CRASH_AFTER_FRAME_1 = True\n")
    assert rows["FRAME-1"]["outcome"] == rows["FRAME-2"]["outcome"] == "failed"


def test_a_conforming_implementation_passes_both(pytester):
    rows = run(pytester, BASE)
    assert rows["FRAME-1"]["outcome"] == rows["FRAME-2"]["outcome"] == "passed"


def test_a_falsifying_example_names_the_implementation_not_its_fields(pytester):
    pytester.makepyfile(test_x="""
        import pytest
        from hypothesis import given, strategies as st
        from socketserver_conformance.harness import expect

        @pytest.mark.spec("FRAME-1")
        @given(n=st.integers(0, 3))
        def test_given(impl, n):
            expect(n < 2, "FRAME-1", f"n is {n}")
    """)
    path = pytester.path / "report.json"
    pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--conformance-report={path}")
    report = json.loads(path.read_text())
    message = next(t["message"] for t in report["tests"] if t["clauses"] == ["FRAME-1"])
    assert "Implementation('stdlib')" in message and "api=" not in message, message


def test_a_wait_given_its_clause_ends_as_that_clauses_violation():
    # A handler that never gets there is the clause's verdict (so a declared deviation stays
    # one), not a HarnessTimeout that the report could only pin on every clause of the test.
    from socketserver_conformance.harness import ClauseViolation, HarnessTimeout, Recorder

    rec = Recorder()
    with pytest.raises(ClauseViolation) as info:
        rec.wait_count("handle:exit", timeout=0.01, clause="THREAD-9")
    assert info.value.clause == "THREAD-9" and "1 x 'handle:exit' did not happen" in str(info.value)
    with pytest.raises(HarnessTimeout):
        rec.wait_count("handle:exit", timeout=0.01)


def test_a_replay_that_drew_differently_is_judged_by_the_violation_first_seen():
    from hypothesis.errors import FlakyStrategyDefinition

    from socketserver_conformance.harness import ClauseViolation
    from socketserver_conformance.plugin import _violations

    first = ClauseViolation("CLIENT-8", "the handler never noticed the reset")
    try:
        try:
            raise first
        except ClauseViolation:
            raise FlakyStrategyDefinition("Inconsistent data generation!")
    except FlakyStrategyDefinition as replay:
        assert _violations(replay) == [first]
    assert _violations(FlakyStrategyDefinition("no violation behind it")) == []
