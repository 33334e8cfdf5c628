"""Driving a server's loop by hand for the 'serving' area: calls in owned threads, always joined.

Theory of operation: a test starts its server with ``start_server(..., serve=False)`` and
runs ``serve_forever``, ``shutdown`` and ``handle_request`` itself, each as a ``Call`` in a
thread it owns.  A ``Call`` records ``<label>:enter`` / ``<label>:exit`` (or ``:raise``)
into the test's Recorder, so tests decide order from events.  ``Driver`` tracks every call
it started; on exit it opens all gates, stops loops that still run (a second shutdown(),
then closing the socket if even that fails), pokes a blocked handle_request() with a
request, and joins every thread, so a broken implementation fails a test but never leaks
threads into the next one.
"""
from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
from typing import Any, Callable, List, Optional, Sequence

import pytest

from socketserver_conformance.harness._clients import ClientTimeout, StreamClient
from socketserver_conformance.harness._events import Recorder
from socketserver_conformance.harness._servers import RunningServer
from socketserver_conformance.harness._transports import TRANSPORTS, Transport
from socketserver_conformance.harness._violations import SOON, HarnessTimeout

#: Extra time allowed, on top of the interval a clause names, for a busy shared machine.
MARGIN = 0.5
#: How long a test watches for something that must NOT happen yet (shutdown() returning
#: while a request is held, handle_request() returning with no request).  A mutant that
#: returns early does so at once, so a short window catches it.
NOT_YET = 0.05

#: Payload each client sends; the echo handler returns it.
PING = b"ping\n"


#: Innermost Python frames of a thread parked in a wait (threading, selectors, socket waits).
_BLOCKING_CALLS = frozenset({"wait", "wait_for", "acquire", "join", "select", "poll", "_wait_for_tstate_lock"})


class Call:
    """``fn()`` in a thread of ours, recording ``<label>:enter`` and ``<label>:exit`` / ``:raise``."""

    def __init__(self, fn: Callable[[], Any], label: str, recorder: Recorder) -> None:
        self.label = label
        self.recorder = recorder
        self.done = threading.Event()
        self.error: Optional[BaseException] = None
        self.started_at = 0.0
        self.returned_at = 0.0
        self._fn = fn
        self.thread = threading.Thread(target=self._run, name=f"serving-{label}", daemon=True)

    def _run(self) -> None:
        self.recorder.record(f"{self.label}:enter")
        self.started_at = time.monotonic()
        try:
            self._fn()
        except BaseException as exc:  # handed to the test, which judges it
            self.error = exc
            self.recorder.record(f"{self.label}:raise", exc=type(exc).__name__)
        else:
            self.recorder.record(f"{self.label}:exit")
        finally:
            self.returned_at = time.monotonic()
            self.done.set()

    def start(self) -> "Call":
        self.thread.start()
        return self

    def wait(self, timeout: float = SOON) -> bool:
        """True when the call has returned (or raised) within ``timeout``."""
        return self.done.wait(timeout)

    @property
    def elapsed(self) -> float:
        return self.returned_at - self.started_at

    def wait_blocked(self, timeout: float = SOON) -> bool:
        """True once the call's thread is seen parked in a blocking primitive (or has returned).

        A shutdown() that must wait for a busy loop has, once it blocks, done whatever it
        does before waiting (posting its request): the observable that makes "requests sent
        after shutdown() was asked for" well defined without a pause.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.done.is_set():
                return True
            frame = sys._current_frames().get(self.thread.ident or -1)
            if frame is not None and frame.f_code.co_name in _BLOCKING_CALLS:
                return True
            self.done.wait(0.001)  # re-inspect: the thread gives no other signal
        return False


def available_transports(impl: Any, transports: Sequence[Transport] = TRANSPORTS) -> List[Transport]:
    """The transports this implementation and platform can serve (Hypothesis draws from these)."""
    usable = [t for t in transports if set(t.needs) <= set(impl.capabilities)
              and hasattr(impl.api, t.server_class)]
    return usable


def echo(handler: Any) -> None:
    """Handler body: send back the first line (stream) or the datagram (datagram)."""
    handler.wfile.write(handler.rfile.readline())


def held_echo(recorder: Recorder, gate: str) -> Callable[[Any], None]:
    """Handler body that waits on a gate before echoing (a request 'in progress')."""
    def body(handler: Any) -> None:
        recorder.gate(gate).wait()
        echo(handler)
    return body


class Requester:
    """One client request to a server: send PING now, read the echo later."""

    def __init__(self, srv: RunningServer) -> None:
        self.transport = srv.transport
        self.client = srv.client()
        self.client.send(PING)

    def reply(self, timeout: float = SOON) -> bytes:
        """The echo, or whatever arrived when ``timeout`` ran out (b'' for nothing)."""
        try:
            if isinstance(self.client, StreamClient):
                return self.client.recv_line(timeout)
            data, _ = self.client.recv(timeout)
            return data
        except ClientTimeout as exc:
            return exc.received


def connect_refused(transport: Transport, address: Any) -> bool:
    """True when a new stream client's connect() to ``address`` is refused."""
    probe = socket.socket(transport.family, socket.SOCK_STREAM)
    try:
        probe.settimeout(SOON)
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
        self._loops: List[Call] = []
        self._calls: List[Call] = []
        self._loop_count = 0

    # -- starting ---------------------------------------------------------------------------
    def serve(self, poll_interval: float) -> Call:
        """serve_forever(poll_interval) in a thread; events ``loop-N:enter`` / ``loop-N:exit``."""
        self._loop_count += 1
        loop = Call(lambda: self.server.serve_forever(poll_interval), f"loop-{self._loop_count}",
                    self.recorder)
        self._loops.append(loop)
        return loop.start()

    def call(self, fn: Callable[[], Any], label: str) -> Call:
        """Any other call (shutdown, handle_request) in a thread; events ``<label>:enter/exit``."""
        call = Call(fn, label, self.recorder)
        self._calls.append(call)
        return call.start()

    def shutdown(self, label: str = "shutdown") -> Call:
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
        for call in self._calls:
            if not call.done.is_set() and call.label.startswith("handle_request"):
                self._poke()
        for call in self._loops + self._calls:
            call.thread.join(SOON)

    def _stop(self, loop: Call) -> None:
        stopper = Call(self.server.shutdown, "cleanup-shutdown", self.recorder).start()
        if loop.wait(SOON) and stopper.wait(SOON):
            return
        # The implementation would not stop: close its socket so its loop errors out.
        with contextlib.suppress(Exception):
            self.server.socket.close()
        loop.wait(SOON)
        stopper.wait(SOON)
        stopper.thread.join(SOON)

    def _poke(self) -> None:
        """Give a blocked handle_request() something to handle."""
        with contextlib.suppress(OSError, HarnessTimeout):
            Requester(self.srv)
