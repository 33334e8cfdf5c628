"""Failures that name their clause: what was observed, what the clause requires."""
from __future__ import annotations

from typing import Optional

#: Generous bound for anything that should happen "soon" (a reply, a hook, a thread exit).
#: Only ever a ceiling on a wait that normally ends at once; never a sleep.
SOON = 5.0


class ClauseViolation(AssertionError):
    """An implementation broke one clause.  The plugin attributes the failure to that clause."""

    def __init__(self, clause: str, observed: str, required: Optional[str] = None) -> None:
        from socketserver_conformance.spec import lookup  # late: the spec imports nothing from here

        self.clause = clause
        self.observed = observed
        self.required = required or lookup(clause).requirement
        super().__init__(f"[{clause}] observed: {observed}\n    required: {self.required}")


def expect(condition: object, clause: str, observed: str, required: Optional[str] = None) -> None:
    """Raise ClauseViolation(clause, observed, required) unless ``condition`` holds."""
    if not condition:
        raise ClauseViolation(clause, observed, required)


class HarnessTimeout(TimeoutError):
    """A bounded wait in the harness ran out; tests usually turn it into a ClauseViolation."""


class ImplementationExited(BaseException):
    """The implementation tried to end the process running the suite (``os._exit`` in the
    server's own process, e.g. a forking server whose parent took the child's branch).

    A BaseException, so the implementation's own ``except Exception`` cannot swallow it: the
    test fails, naming its clauses, instead of the whole run vanishing with exit status 0.
    """
