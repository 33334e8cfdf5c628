"""A stop that hangs where nothing can wake it: its clause's verdict, and the test goes on.

eventlet.green.SocketServer's shutdown(), called from the suite's helper thread, stops the loop
but never returns.  The mutants here do the same with plain threads, and end the hung call the
way an implementation says (``Implementation.interruptible``): a declared LOOP-1 is then a
deviation and the test's other clauses are judged; undeclared it fails, and a loop that never
stops still ends the test.
"""
from __future__ import annotations

import json
import socketserver
import textwrap
import threading
from typing import Any, Callable, Tuple

import pytest

from socketserver_conformance.adapters import CallInterrupted, Implementation
from socketserver_conformance.harness import TCP, ClauseViolation, start_server, use_interrupts_of
from socketserver_conformance.harness._violations import judging

_calls = threading.local()  # the wake-up of the interruptible call running in this thread


def interruptible(fn: Callable[[], Any]) -> Tuple[Callable[[], Any], Callable[[], None]]:
    woken = threading.Event()

    def run() -> Any:
        _calls.woken = woken
        try:
            return fn()
        finally:
            del _calls.woken
    return run, woken.set


def park() -> None:
    """Wait where only ``interruptible``'s interrupt() wakes this thread (never, outside one)."""
    woken = getattr(_calls, "woken", None)
    if woken is None:
        raise AssertionError("a mutant's hanging call ran outside an interruptible helper call")
    woken.wait(60)  # bounded, should the harness never interrupt: the test then fails on time
    raise CallInterrupted("interrupted")


class StopsButNeverReturns(socketserver.TCPServer):
    def shutdown(self) -> None:
        self._BaseServer__shutdown_request = True  # the loop sees the request and returns
        park()


class NeverStops(socketserver.TCPServer):
    def shutdown(self) -> None:
        park()


class CloseNeverReturns(socketserver.TCPServer):
    def server_close(self) -> None:
        super().server_close()
        park()


class Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        pass


def mutant(server: type) -> Implementation:
    api = type("api", (), {"TCPServer": server, "StreamRequestHandler": Handler})
    return Implementation(name="mutant", version="0", source=__file__, api=api, interruptible=interruptible)


@pytest.fixture(autouse=True)
def interrupts():
    restore = use_interrupts_of(interruptible)
    yield
    restore()


def helpers() -> list:
    return [t.name for t in threading.enumerate() if t.name.startswith("bounded-")]


def test_a_shutdown_that_stops_the_loop_but_never_returns_is_a_declared_loop_1_and_the_test_goes_on():
    with judging({"LOOP-1"}) as observed:
        with start_server(mutant(StopsButNeverReturns), TCP, Handler) as srv:
            pass
    assert [v.clause for v in observed] == ["LOOP-1"]
    assert "which had returned" in observed[0].observed
    assert srv.loop_returned.is_set() and not helpers()  # the hung helper was ended, not left behind


def test_undeclared_the_same_shutdown_fails_loop_1():
    with judging(set()), pytest.raises(ClauseViolation) as failed:
        with start_server(mutant(StopsButNeverReturns), TCP, Handler):
            pass
    assert failed.value.clause == "LOOP-1" and not helpers()


def test_a_loop_that_never_stops_ends_the_test_even_where_loop_1_is_declared():
    with judging({"LOOP-1"}) as observed, pytest.raises(ClauseViolation) as failed:
        with start_server(mutant(NeverStops), TCP, Handler) as srv:
            pass
    srv.server._BaseServer__shutdown_request = True  # the stdlib's loop outlives its closed socket
    assert srv.loop_returned.wait(5)
    assert failed.value.clause == "LOOP-1" and "kept running" in failed.value.observed
    assert not observed and not helpers()


def test_a_server_close_that_never_returns_is_a_declared_loop_2():
    with judging({"LOOP-2"}) as observed:
        with start_server(mutant(CloseNeverReturns), TCP, Handler):
            pass
    assert [v.clause for v in observed] == ["LOOP-2"] and not helpers()


# End to end: a suite test on a module whose shutdown() never returns, as a user would point at it.
FAKE = """
import socketserver
from socketserver import *
from tests.test_interrupts import interruptible, park

class TCPServer(socketserver.TCPServer):
    def shutdown(self):
        self._BaseServer__shutdown_request = True
        park()

CONFORMANCE_INTERRUPTIBLE = interruptible
"""


# A server_close() that makes a connected socket it would close on its way out, had it returned.
LEAKING_CLOSE = """
import socket, socketserver
from socketserver import *
from tests.test_interrupts import interruptible, park

_kept = []

class TCPServer(socketserver.TCPServer):
    def server_close(self):
        super().server_close()
        _kept.append(socket.socketpair())
        if HANGS:
            park()

CONFORMANCE_INTERRUPTIBLE = interruptible
"""


def run_lifecycle(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, declare: bool,
                  fake: str = FAKE, clause: str = "LOOP-1") -> dict:
    """The clause outcomes (untested ones left out) of one suite test run on ``fake``."""
    report = lifecycle_report(pytester, monkeypatch, declare, fake, clause)
    return {c["id"]: c["outcome"] for c in report["clauses"] if c["outcome"] != "untested"}


def lifecycle_report(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, declare: bool,
                     fake: str, clause: str) -> dict:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    pytester.makepyfile(fake=textwrap.dedent(fake) + (
        f"CONFORMANCE_DEVIATIONS = {{'{clause}': 'it never returns'}}\n" if declare else ""))
    path = pytester.path / "report.json"
    monkeypatch.setenv("PYTHONPATH", str(root))  # the subprocess imports this module's park()
    pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--impl=module:fake", "--conformance-profile=quick",
        f"--conformance-report={path}", "-k", "test_request_lifecycle_under_serve_forever and tcp and not tcp6",
        str(root / "conformance" / "suite" / "test_lifecycle.py"))
    return json.loads(path.read_text())


def test_a_declared_hung_shutdown_leaves_the_lifecycle_clauses_judged(pytester, monkeypatch):
    outcomes = run_lifecycle(pytester, monkeypatch, declare=True)
    assert outcomes.pop("LOOP-1") == "deviation"
    assert outcomes and set(outcomes.values()) == {"passed"}, outcomes


def test_an_undeclared_hung_shutdown_fails_loop_1_and_blocks_the_rest(pytester, monkeypatch):
    outcomes = run_lifecycle(pytester, monkeypatch, declare=False)
    assert outcomes.pop("LOOP-1") == "failed"
    assert outcomes and set(outcomes.values()) == {"blocked"}, outcomes


def test_what_an_ended_call_never_cleaned_up_is_charged_to_its_deviation(pytester, monkeypatch):
    # server_close() hangs (a declared LOOP-2) holding a connection it would have closed.
    report = lifecycle_report(pytester, monkeypatch, True, "HANGS = True\n" + LEAKING_CLOSE, "LOOP-2")
    outcomes = {c["id"]: c["outcome"] for c in report["clauses"] if c["outcome"] != "untested"}
    assert outcomes.pop("LOOP-2") == "deviation"
    assert outcomes.get("LIFE-24", "passed") == "passed" and set(outcomes.values()) == {"passed"}, outcomes
    # The report still says what was left, and why it was not judged; and it stays valid.
    [test] = report["tests"]
    assert "known deviation(s) LOOP-2" in test["unjudged_leaks"] and "left open" in test["unjudged_leaks"], test
    jsonschema = pytest.importorskip("jsonschema", reason="the test extra installs jsonschema")
    from tests.test_report_schema import SCHEMA_PATH
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator(schema).validate(report)


def test_the_same_leak_with_no_call_ended_fails_life_24(pytester, monkeypatch):
    outcomes = run_lifecycle(pytester, monkeypatch, False, "HANGS = False\n" + LEAKING_CLOSE)
    assert outcomes.pop("LIFE-24") == "failed", outcomes
