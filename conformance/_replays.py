"""A bound on how long Hypothesis may replay a test after its first failure.

Theory of operation: once an example fails, Hypothesis re-runs the test many times to shrink
the example and to explain it.  Against an implementation whose failure costs a full harness
bound per run (a reply that never comes: 5 s), that is minutes per test, longer than any
per-test timeout, whose own exception Hypothesis takes for one more failure to shrink.
``ReplayBudget`` wraps the test body Hypothesis calls (``test.hypothesis.inner_test``, the
documented hook for wrapping it): after the first failing example, further examples run only
while one more, as long as that first failure took, fits in ``seconds``; past that each one ends unrun, except the final replay Hypothesis makes to
report the failure, which always runs.  An unrun example is marked as having run out of data
(an "overrun"), the one outcome Hypothesis neither records in its tree of examples nor
compares with an earlier run: to the shrinker it is simply not a smaller failure, so it keeps
the smallest failure really seen.  (Returning, or ``hypothesis.reject()``, makes Hypothesis
report a replay that draws less than before as flaky.)  The verdict and the clause stay
exactly as found; only the example shown may be less shrunk.  Cheap failures (most mutants)
shrink as before.

The same wrapper ends a test's examples once its verdict is settled (``settled()``, from the
plugin: every clause of the test in the run's contract has been seen broken as a declared
deviation): a further example could only see the deviation again, at the price of the bound
its absent behaviour costs.
"""
from __future__ import annotations

import contextlib
import functools
import time
from typing import Any, Callable, Iterator, Optional

from hypothesis.control import current_build_context
from hypothesis.errors import StopTest, UnsatisfiedAssumption

#: Seconds of replays allowed after a test's first failing example.  A cheap failure (most bugs
#: fail in milliseconds) shrinks fully within it; one that costs a harness bound (seconds) is
#: not replayed at all before the final, reported run.
REPLAY_BUDGET_S = 2.0


class ReplayBudget:
    """Counts a test's time from its first failing example and skips replays past ``seconds``."""

    def __init__(self, seconds: float = REPLAY_BUDGET_S, settled: Optional[Callable[[], bool]] = None) -> None:
        self.seconds = seconds
        self.settled = settled
        self.first_failure_at: Optional[float] = None
        self.failure_cost = 0.0  # how long the first failing example ran
        self.skipped = 0

    def _spent(self) -> bool:
        """Whether one more failing run, as long as the first was, would overrun the budget."""
        if self.first_failure_at is None:
            return False
        return time.monotonic() - self.first_failure_at + self.failure_cost > self.seconds

    def wrap(self, inner: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(inner)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            if self.first_failure_at is None and self.settled is not None and self.settled():
                self.skipped += 1  # nothing left to judge: each clause is a deviation already seen
                current_build_context().data.mark_overrun()  # unrun, as above: never "drew less"
            if self._spent():
                context = current_build_context()
                if not context.is_final:
                    self.skipped += 1
                    context.data.mark_overrun()  # raises StopTest: this example is not run
            started = time.monotonic()
            try:
                return inner(*args, **kwargs)
            except (StopTest, UnsatisfiedAssumption):
                raise  # Hypothesis' own control flow, not a failure
            except BaseException:
                if self.first_failure_at is None:
                    self.first_failure_at = time.monotonic()
                    self.failure_cost = self.first_failure_at - started
                raise
        return bounded


@contextlib.contextmanager
def replay_budget(test: Any, seconds: float = REPLAY_BUDGET_S,
                  settled: Optional[Callable[[], bool]] = None) -> Iterator[Optional[ReplayBudget]]:
    """Within the block, ``test`` (a pytest item's function) replays under a ``ReplayBudget``;
    a test that is not a Hypothesis one is left as it is (None is yielded)."""
    handle = getattr(test, "hypothesis", None)
    if handle is None or not hasattr(handle, "inner_test"):
        yield None
        return
    budget, original = ReplayBudget(seconds, settled), handle.inner_test
    handle.inner_test = budget.wrap(original)
    try:
        yield budget
    finally:
        handle.inner_test = original
