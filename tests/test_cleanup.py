"""A shutdown() that hangs costs its clause once, not every later test a full bound.

Once a shutdown() has hung in a process (its LOOP-1 verdict is in), the harness's cleanups wait
``bounds.failed_teardown`` for a loop to stop instead of ``bounds.soon``: this is what lets a run
against eventlet.green.SocketServer, whose shutdown() never returns from the suite's threads,
finish in minutes.  The check reads the harness's state, never a wall-clock duration.
"""
from __future__ import annotations

from socketserver_conformance.harness import bounds

HANGING_SHUTDOWN = """
import threading

import pytest

from socketserver_conformance.adapters import resolve
from socketserver_conformance.harness import TCP, ClauseViolation, bounds, start_server

NEVER = threading.Event()


def _hangs(self):
    NEVER.wait(30)  # a shutdown() that never returns (the helper thread is a daemon)


def test_a_hung_shutdown_fails_loop_1():
    assert not bounds.shutdown_hung and bounds.cleanup == bounds.soon
    impl = resolve("stdlib")
    with pytest.raises(ClauseViolation, match="LOOP-1"):
        with start_server(impl, TCP, impl.api.BaseRequestHandler, attrs={"shutdown": _hangs}):
            pass


def test_later_cleanups_wait_the_short_grace():
    assert bounds.shutdown_hung and bounds.cleanup == bounds.failed_teardown < bounds.soon
"""


def test_after_a_hung_shutdown_cleanups_wait_the_short_grace(pytester):
    pytester.makepyfile(test_hang=HANGING_SHUTDOWN)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist", "-q")
    result.assert_outcomes(passed=2)


def test_an_in_process_run_leaves_the_outer_process_as_it_was(pytester):
    pytester.makepyfile(test_x="def test_nothing(): pass\n")
    bounds.shutdown_hung = True
    try:
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
        assert result.ret == 0
        assert bounds.shutdown_hung  # the inner run started afresh and put it back
    finally:
        bounds.shutdown_hung = False
