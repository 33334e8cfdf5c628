"""Failures that name their clause: what was observed, what the clause requires.

While a conformance test runs, the plugin opens a judgement (``judging``) with the clauses
the implementation declares as known deviations.  A violation of one of those is recorded
and the test goes on (``expect`` and ``violated`` return), so one declared deviation never
keeps a test from judging its other clauses; a violation of a clause outside the run's
contract is no verdict at all; any other violation is raised and ends the test.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Callable, Collection, Iterator, List, Optional, Sequence

def __getattr__(name: str) -> object:
    if name == "SOON":  # a constant would keep its import-time value: the scale comes later
        raise ImportError("SOON is now bounds.soon (socketserver_conformance.harness.bounds), read at the "
                          "moment of the wait, so --conformance-time-scale reaches it")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ClauseViolation(AssertionError):
    """An implementation broke one clause.  The plugin attributes the failure to that clause."""

    def __init__(self, clause: str, observed: str, required: Optional[str] = None) -> None:
        from socketserver_conformance.spec import lookup  # late: the spec imports nothing from here

        self.clause = clause
        self.observed = observed
        self.required = required or lookup(clause).requirement
        super().__init__(f"[{clause}] observed: {observed}\n    required: {self.required}")


class ClauseViolations(AssertionError):
    """Several clauses broken at once (the per-test leak check can find more than one)."""

    def __init__(self, violations: Sequence[ClauseViolation]) -> None:
        self.exceptions = list(violations)
        super().__init__("\n".join(str(v) for v in self.exceptions))


class _Judgement:
    def __init__(self, deviations: Collection[str], applies: Callable[[str], bool]) -> None:
        self.deviations = frozenset(deviations)
        self.applies = applies
        self.observed: List[ClauseViolation] = []
        self.lock = threading.Lock()


_active: Optional[_Judgement] = None


@contextlib.contextmanager
def judging(deviations: Collection[str],
            applies: Callable[[str], bool] = lambda clause: True) -> Iterator[List[ClauseViolation]]:
    """For one test: violations of ``deviations`` are recorded into the yielded list, not raised;
    violations of clauses that do not ``apply`` (outside the run's contract) are not judged."""
    global _active
    judgement = _Judgement(deviations, applies)
    _active = judgement
    try:
        yield judgement.observed
    finally:
        _active = None


def violated(violation: ClauseViolation) -> None:
    """Report ``violation``: recorded (and the test goes on) when its clause is a declared
    deviation of the implementation under test, raised otherwise."""
    judgement = _active
    if judgement is not None and not judgement.applies(violation.clause):
        return  # not part of the contract the run applies: no verdict, and the test goes on
    if judgement is not None and violation.clause in judgement.deviations:
        with judgement.lock:
            judgement.observed.append(violation)
        return
    raise violation


def expect(condition: object, clause: str, observed: str, required: Optional[str] = None) -> None:
    """Unless ``condition`` holds, report ClauseViolation(clause, observed, required) (see ``violated``)."""
    if not condition:
        violated(ClauseViolation(clause, observed, required))


class HarnessTimeout(TimeoutError):
    """A bounded wait in the harness ran out; tests usually turn it into a ClauseViolation."""


class ImplementationExited(BaseException):
    """The implementation tried to end the process running the suite (``os._exit`` in the
    server's own process, e.g. a forking server whose parent took the child's branch).

    A BaseException, so the implementation's own ``except Exception`` cannot swallow it: the
    test fails, naming its clauses, instead of the whole run vanishing with exit status 0.
    """
