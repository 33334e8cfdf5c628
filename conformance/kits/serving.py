"""Driving a server's loop by hand for the 'serving' area: calls in owned threads, always joined.

Theory of operation: a test starts its server with ``start_server(..., serve=False)`` and
runs ``serve_forever``, ``shutdown`` and ``handle_request`` itself, each as a harness
``BackgroundCall`` in a thread it owns, recording ``<label>:enter`` / ``<label>:exit`` (or
``:raise``) into the test's Recorder, so tests decide order from events.  ``Driver`` tracks every call
it started; on exit it opens all gates, stops loops that still run (a second shutdown(),
then closing the socket if even that fails), runs a loop to release a shutdown() left
waiting with no loop running, pokes a blocked handle_request() with a request, and joins
every thread, so a broken implementation fails a test but never leaks
threads into the next one.
"""
from __future__ import annotations

import contextlib
import os
import socket
from typing import Any, Callable, Iterator, List, Optional, Tuple

import pytest
from hypothesis import strategies as st

from socketserver_conformance.harness import (BackgroundCall, HarnessTimeout, Recorder, Request, RunningServer,
                                              Transport, bounds, expect, recording_handler_for, start_server)

# The margin on top of an interval a clause names (bounds.margin) and the window for
# something that must not happen yet (bounds.not_yet) are in harness/_bounds.py.

#: Payload each client sends; the echo handler returns it.
PING = b"ping\n"


def echo(handler: Any) -> None:
    """Handler body: send back the first line (stream) or the datagram (datagram)."""
    handler.wfile.write(handler.rfile.readline())


def held_echo(recorder: Recorder, gate: str) -> Callable[[Any], None]:
    """Handler body that waits on a gate before echoing (a request 'in progress')."""
    def body(handler: Any) -> None:
        recorder.gate(gate).wait()
        echo(handler)
    return body


@contextlib.contextmanager
def driven_server(impl: Any, transport: Transport, recorder: Recorder, body: Callable[[Any], None] = echo,
                  **options: Any) -> Iterator[Tuple[RunningServer, Driver]]:
    """A server whose handler runs ``body``, started but not serving (``start_server`` with
    ``options``), and the ``Driver`` that runs its loop and calls; both torn down at exit."""
    handler = recording_handler_for(impl, transport, recorder, handle=body)
    with start_server(impl, transport, handler, recorder=recorder, serve=False, **options) as srv, \
            Driver(srv, recorder) as drive:
        yield srv, drive


def connect_refused(transport: Transport, address: Any) -> bool:
    """True when a new stream client's connect() to ``address`` is refused."""
    probe = socket.socket(transport.family, socket.SOCK_STREAM)
    try:
        probe.settimeout(bounds.soon)
        probe.connect(address)
    except (ConnectionRefusedError, FileNotFoundError):
        return True  # nothing listens there any more
    except socket.timeout:
        return False  # something accepted the connection attempt but never completed it
    finally:
        probe.close()
    return False


def socket_closed(server: Any) -> bool:
    """True when the server's listening socket is closed (or gone)."""
    sock = getattr(server, "socket", None)
    if sock is None:
        return True
    try:
        return sock.fileno() == -1
    except OSError:
        return True


#: select() cannot watch descriptors from this number on (FD_SETSIZE on Linux and macOS).
FD_SETSIZE = 1024


def occupy_low_descriptors(above: int = FD_SETSIZE) -> Callable[[], None]:
    """Open /dev/null until the next new descriptor is numbered above ``above``; returns the
    function that closes them all again and restores the descriptor limit.  Skips the test
    where the process may not open that many files."""
    try:
        import resource
    except ImportError:
        pytest.skip("no resource module: cannot raise the open-file limit on this platform")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = above + 256
    if hard != resource.RLIM_INFINITY and hard < need:
        pytest.skip(f"the hard open-file limit ({hard}) is below the {need} descriptors this test needs")
    raised = soft != resource.RLIM_INFINITY and soft < need
    if raised:
        resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
    fillers: List[int] = []

    def release() -> None:
        while fillers:
            os.close(fillers.pop())
        if raised:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    try:
        for _ in range(above + 1):  # bounded: descriptor numbers only grow while we hold them
            fd = os.open(os.devnull, os.O_RDONLY)
            fillers.append(fd)
            if fd >= above:
                break
    except BaseException:
        release()
        raise
    return release


class Driver:
    """Starts loops and calls on one server; cleans all of them up on exit."""

    def __init__(self, srv: RunningServer, recorder: Recorder) -> None:
        self.srv = srv
        self.server = srv.server
        self.recorder = recorder
        self._loops: List[BackgroundCall] = []
        self._calls: List[BackgroundCall] = []
        self._loop_count = 0

    # -- starting ---------------------------------------------------------------------------
    def _start(self, fn: Callable[[], Any], label: str) -> BackgroundCall:
        # Only a loop's own thread is never interrupted: it is what the other calls wait for.
        return BackgroundCall(fn, name=f"serving-{label}", recorder=self.recorder, label=label,
                              watch_blocking=True, interruptible=not label.startswith(("loop-", "cleanup-serve")))

    def serve(self, poll_interval: float) -> BackgroundCall:
        """serve_forever(poll_interval) in a thread; events ``loop-N:enter`` / ``loop-N:exit``."""
        self._loop_count += 1
        loop = self._start(lambda: self.server.serve_forever(poll_interval), f"loop-{self._loop_count}")
        self._loops.append(loop)
        return loop

    def call(self, fn: Callable[[], Any], label: str) -> BackgroundCall:
        """Any other call (shutdown, handle_request) in a thread; events ``<label>:enter/exit``."""
        call = self._start(fn, label)
        self._calls.append(call)
        return call

    def shutdown(self, label: str = "shutdown") -> BackgroundCall:
        return self.call(self.server.shutdown, label)

    @property
    def loop_thread_names(self) -> List[str]:
        return [loop.thread.name for loop in self._loops]

    # -- cleaning up ------------------------------------------------------------------------
    def __enter__(self) -> "Driver":
        return self

    def __exit__(self, *exc: object) -> None:
        self.recorder.open_all_gates()
        for loop in self._loops:
            if not loop.done.is_set():
                self._stop(loop)
        if any(not call.done.is_set() and call.label.startswith("shutdown") for call in self._calls):
            self._release_shutdowns()
        for call in self._calls:
            if not call.done.is_set() and call.label.startswith("handle_request"):
                self._poke()
        for call in self._calls:
            if not call.done.is_set():  # still parked where nothing wakes it (LOOP-1's eventlet.green)
                call.interrupt()
        for call in self._loops + self._calls:
            call.thread.join(bounds.cleanup)

    def _stop(self, loop: BackgroundCall) -> None:
        stopper = self._start(self.server.shutdown, "cleanup-shutdown")
        if loop.wait(bounds.cleanup) and stopper.wait(bounds.cleanup):
            return
        bounds.shutdown_hung = True
        # The implementation would not stop: close its socket so its loop errors out.
        with contextlib.suppress(Exception):
            self.server.socket.close()
        loop.wait(bounds.cleanup)
        if not stopper.wait(bounds.cleanup):
            stopper.interrupt()
        stopper.thread.join(bounds.cleanup)

    def _release_shutdowns(self) -> None:
        """A shutdown() still waiting with no loop running (one called before any loop ran,
        LOOP-19): run a loop, which the stop already asked for ends at once (LOOP-20), and
        stop that loop in turn if it does not end."""
        loop = self._start(lambda: self.server.serve_forever(0.01), "cleanup-serve")
        self._loops.append(loop)
        if not loop.wait(bounds.cleanup):
            self._stop(loop)

    def _poke(self) -> None:
        """Give a blocked handle_request() something to handle."""
        with contextlib.suppress(OSError, HarnessTimeout):
            Request(self.srv, PING)


# -- what tests of the loop check after each stop ------------------------------------------
def draw_poll(data: st.DataObject) -> float:
    return data.draw(st.floats(0.005, 0.05), label="poll_interval")


def loop_events_after(rec: Recorder, seq: int, drive: Driver) -> List[str]:
    """Events the loop threads recorded after event number ``seq`` (their own return excluded).
    Only this process's: a forked child's main thread bears its parent thread's name, and its
    events, relayed through a pipe, are numbered when they arrive, which may be later."""
    loops, here = set(drive.loop_thread_names), os.getpid()
    return [e.name for e in rec.events
            if e.seq > seq and e.pid == here and e.thread in loops and not e.name.startswith("loop-")]


def expect_stopped(rec: Recorder, drive: Driver, loop: Any, stopper: Any, clause: str,
                    within: Optional[float] = None) -> None:
    """shutdown() returned in time, the loop returned cleanly and did nothing after shutdown()."""
    within = bounds.or_soon(within)
    # Rule: shutdown() returns, and by then serve_forever() has stopped doing anything.
    expect(stopper.wait(within), clause,
           f"shutdown() had not returned {within:.2f} s after it was called (serve_forever() "
           f"{'had returned' if loop.done.is_set() else 'still running'})")
    expect(stopper.error is None, clause, f"shutdown() raised {stopper.error!r}")
    expect(loop.wait(bounds.soon), "LOOP-1", "shutdown() returned but serve_forever() kept running")
    expect(loop.error is None, "LOOP-1", f"serve_forever() raised {loop.error!r} when shut down")
    exits = rec.named(f"{stopper.label}:exit")
    if not exits:
        return  # it never returned (a declared deviation, reported above): no "after" to look at
    late = loop_events_after(rec, exits[0].seq, drive)
    expect(not late, "LOOP-1", f"the loop still ran {late} after shutdown() had returned")


def handled_count(rec: Recorder) -> int:
    """How many requests the server has begun to handle (handler instances created)."""
    return len(rec.named("init"))


def returned_before(rec: Recorder, call: Any, event: str) -> bool:
    """True when ``call`` returned (its ``:exit`` event) before the recorded ``event`` was (or
    without it ever being recorded).  A call that never returned did not return before: that
    it hung is another rule's verdict."""
    exits, marks = rec.named(f"{call.label}:exit"), rec.named(event)
    return bool(exits) and (not marks or exits[0].seq < marks[0].seq)
