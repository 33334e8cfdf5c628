"""The replay budget: a failure that is slow to reproduce is not replayed without end, and is
still reported from a real run."""
from __future__ import annotations

import threading
from typing import List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socketserver_conformance._replays import replay_budget
from socketserver_conformance.plugin import BASE_SETTINGS

COST = 0.1  # seconds each failing run waits: a harness bound in miniature


def slow_failing_test(calls: List[int]):
    @settings(max_examples=50, database=None, derandomize=True, deadline=None)
    @given(st.lists(st.integers(0, 1000), min_size=1, max_size=8))
    def test(xs: List[int]) -> None:
        calls.append(sum(xs))
        if sum(xs) > 100:
            threading.Event().wait(COST)
            raise AssertionError(f"failed with {xs}")
    return test


def test_replays_after_the_first_failure_stop_at_the_budget():
    unbounded: List[int] = []
    with pytest.raises(AssertionError):
        slow_failing_test(unbounded)()
    bounded: List[int] = []
    test = slow_failing_test(bounded)
    with replay_budget(test, seconds=2 * COST) as budget, pytest.raises(AssertionError) as failure:
        test()
    assert budget is not None and budget.skipped > 0, "no replay was skipped"
    # Each failing run costs COST: within the budget at most a few of them run after the first
    # (plus the final one), while without it the shrinker replays many more.
    failing_after_first = sum(1 for total in bounded if total > 100) - 1
    assert failing_after_first <= 4, f"{failing_after_first} failing replays ran within a {2 * COST} s budget"
    assert sum(1 for total in unbounded if total > 100) > failing_after_first + 2, \
        "the shrinker replayed as little without a budget: the example does not measure the budget"
    assert "failed with" in str(failure.value), "the failure reported is not the test's own"


def test_a_test_that_passes_is_untouched():
    calls: List[int] = []

    @settings(max_examples=10, database=None)
    @given(st.integers())
    def test(x: int) -> None:
        calls.append(x)

    with replay_budget(test, seconds=0.0) as budget:
        test()
    assert len(calls) == 10 and budget is not None and budget.skipped == 0


def test_a_plain_function_is_left_alone():
    def plain() -> None:
        pass
    with replay_budget(plain) as budget:
        assert budget is None


def test_a_test_drawing_as_it_goes_is_not_reported_flaky():
    """Tests of the suite draw inside their body (st.data()): an unrun replay must not look
    like a run that drew less than the one before."""
    calls: List[int] = []

    @settings(max_examples=50, database=None, derandomize=True, deadline=None)
    @given(st.data())
    def test(data) -> None:
        xs = data.draw(st.lists(st.integers(0, 1000), min_size=1, max_size=8), label="xs")
        calls.append(sum(xs))
        if sum(xs) > 100:
            threading.Event().wait(COST)
            raise AssertionError(f"failed with {xs}")

    with replay_budget(test, seconds=2 * COST) as budget, pytest.raises(AssertionError) as failure:
        test()
    assert budget is not None and budget.skipped > 0
    assert "failed with" in str(failure.value)


def test_a_settled_test_runs_no_further_example():
    calls: List[int] = []

    @settings(BASE_SETTINGS, max_examples=20, database=None)  # as the suite's: unrun examples are overruns
    @given(st.data())
    def test(data) -> None:
        calls.append(data.draw(st.lists(st.integers(), max_size=3), label="xs"))

    with replay_budget(test, settled=lambda: len(calls) >= 2) as budget:
        test()
    assert len(calls) == 2 and budget is not None and budget.skipped > 0
