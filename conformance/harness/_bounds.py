"""Every bounded wait of the suite, in one place, times the run's time scale.

``--conformance-time-scale=F`` (ini ``conformance_time_scale``) multiplies them all, like
wpt's ``--timeout-multiplier``: for a slow runtime (an emulator, a sanitiser build, a busy CI
machine) that needs longer to do what it must do at once.  The plugin sets ``bounds.scale``
in every process of the run (``pytest_configure`` also runs in each xdist worker), before
any test runs.

Read a bound at the moment of the wait (``bounds.soon``), never copy one into a module
constant or a default argument: those keep the value of import time, and the plugin (with
the harness) is imported before the command line is read.  A function that takes a timeout
defaults it to None and resolves it with ``bounds.or_soon(timeout)``.

What is not a wait is not scaled: ``POLL_INTERVAL`` (a parameter of the behaviour under
test), the pauses of a scenario (a slow client), polling slices, sizes.
"""
from __future__ import annotations

import math
from typing import Optional

#: The bounds at time scale 1, in seconds.
#: Generous bound for anything that should happen "soon" (a reply, a hook, a thread exit).
#: Only ever a ceiling on a wait that normally ends at once; never a sleep.
SOON_S = 5.0
#: Extra time allowed, on top of the interval a clause names, for a busy shared machine.
MARGIN_S = 0.5
#: How long a test watches for something that must NOT happen yet (shutdown() returning
#: while a request is held, handle_request() returning with no request).  A mutant that
#: returns early does so at once, so a short window catches it.
NOT_YET_S = 0.05
#: The grace a server gets to stop after its test has already failed (then it is forced).
FAILED_TEARDOWN_S = 1.0
#: What the session-end leak check waits for threads and children to go.
SESSION_GRACE_S = 2.0
#: The per-test timeout (pytest-timeout) of conformance tests without their own.
TEST_TIMEOUT_S = 120.0
#: Seconds of replays allowed after a test's first failing example (see ``_replays``).
REPLAY_BUDGET_S = 2.0


def check_scale(value: object) -> float:
    """``value`` as a time scale: a finite number above 0 (ValueError otherwise)."""
    try:
        scale = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None
    if not (scale > 0 and math.isfinite(scale)):
        raise ValueError(f"{value!r} must be a finite number above 0")
    return scale


class Bounds:
    """The harness's bounded waits, each multiplied by ``scale`` when it is read."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = check_scale(scale)
        #: Set once a shutdown() has hung in this process (its clause failed then): from then on
        #: a cleanup waits ``failed_teardown``, not ``soon``, for a loop to stop.  An
        #: implementation whose shutdown() never returns (eventlet.green.SocketServer's, called
        #: from the suite's threads) then costs each test a second, not five, per stop.
        self.shutdown_hung = False

    def __call__(self, seconds: float) -> float:
        """Any bound of ``seconds`` (at scale 1) at the run's scale."""
        return seconds * self.scale

    def or_soon(self, timeout: Optional[float]) -> float:
        """A caller's ``timeout``, or ``soon`` when it gave none (None)."""
        return self.soon if timeout is None else timeout

    @property
    def soon(self) -> float:
        return self(SOON_S)

    @property
    def margin(self) -> float:
        return self(MARGIN_S)

    @property
    def not_yet(self) -> float:
        return self(NOT_YET_S)

    @property
    def failed_teardown(self) -> float:
        return self(FAILED_TEARDOWN_S)

    @property
    def cleanup(self) -> float:
        """How long a cleanup waits for a loop to stop: ``soon``, or ``failed_teardown`` once a
        shutdown() has hung in this process."""
        return self.failed_teardown if self.shutdown_hung else self.soon

    @property
    def session_grace(self) -> float:
        return self(SESSION_GRACE_S)

    @property
    def test_timeout(self) -> float:
        return self(TEST_TIMEOUT_S)

    @property
    def replay_budget(self) -> float:
        return self(REPLAY_BUDGET_S)

    def __repr__(self) -> str:
        return f"Bounds(scale={self.scale:g})"


#: The run's bounds: the one object every wait of the harness, the kits and the suite reads.
bounds = Bounds()
