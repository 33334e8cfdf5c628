"""Servers of the implementation under test, run in the background and always torn down.

``start_server`` is a context manager: it binds a server of the requested transport and
flavour, runs ``serve_forever(poll_interval)`` in a daemon thread, and on exit closes the
clients it handed out, opens every gate of the recorder, then calls ``shutdown()`` and
``server_close()``, each in a helper thread with a deadline.  A shutdown that does not
return in time is a verdict on the implementation (LOOP-1 / LOOP-2), never a stuck run.
Use one ``start_server`` per Hypothesis example: fixtures are not reset between examples.
"""
from __future__ import annotations

import contextlib
import socket
import sys
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

from socketserver_conformance.adapters import Implementation
from socketserver_conformance.harness._background import BackgroundCall
from socketserver_conformance.harness._clients import DatagramClient, StreamClient
from socketserver_conformance.harness._events import Recorder
from socketserver_conformance.harness._instrument import HandlerHook, recording_handler, recording_server
from socketserver_conformance.harness._transports import Transport, private_dir
from socketserver_conformance.harness._bounds import bounds
from socketserver_conformance.harness._violations import ClauseViolation, expect, violated

#: serve_forever's poll interval in the suite: short, so shutdown is quick on polling servers.
POLL_INTERVAL = 0.01
# The grace a server gets to stop after its test has already failed: bounds.failed_teardown.


def require(impl: Implementation, *capabilities: str) -> None:
    """Skip the current test unless the implementation (and platform) has the capabilities."""
    lacking = [c for c in capabilities if c not in impl.capabilities]
    if lacking:
        pytest.skip(f"{impl.name} on this platform lacks capability {', '.join(lacking)}")


def api_class(impl: Implementation, name: str) -> Any:
    """The implementation's attribute ``name``; a skip with a reason when it has none."""
    try:
        return getattr(impl.api, name)
    except AttributeError:
        pytest.skip(f"{impl.name} has no {name}")


def expect_context_manager(server: Any) -> None:
    """API-8's precondition, checked before a test uses ``with server``: a server class with no
    ``__enter__``/``__exit__`` (they came in 3.6, bpo-26404) fails API-8 with what is missing, and
    the with-tests' own clauses are then blocked by it, never failed by its TypeError."""
    missing = [name for name in ("__enter__", "__exit__") if not hasattr(type(server), name)]
    expect(not missing, "API-8", f"{type(server).__name__} has no {' or '.join(missing)}: it is no context manager")


def server_class(impl: Implementation, transport: Transport, flavour: str = "sync") -> type:
    """The implementation's server class for a transport and flavour (sync, threading, forking)."""
    require(impl, *transport.needs)
    if flavour == "forking":
        require(impl, "fork")
    cls = api_class(impl, transport.class_name(flavour))
    if transport.family == socket.AF_INET6:
        # The documented way to serve IPv6: a subclass that sets address_family.
        cls = type(f"{cls.__name__}6", (cls,), {"address_family": socket.AF_INET6})
    return cls


def recording_handler_for(impl: Implementation, transport: Transport, recorder: Recorder, *,
                          setup: HandlerHook = None, handle: HandlerHook = None, finish: HandlerHook = None,
                          attrs: Optional[Dict[str, Any]] = None, name: str = "RecordingHandler") -> type:
    """``recording_handler`` on the implementation's handler base for ``transport`` (a skip
    when it has none); ``attrs`` sets class attributes (``rbufsize``, ``timeout``, ...)."""
    return recording_handler(api_class(impl, transport.handler_base), recorder, setup=setup,
                             handle=handle, finish=finish, attrs=attrs, name=name)


class RunningServer:
    """A server of the implementation under test, serving in a background thread."""

    def __init__(self, server: Any, transport: Transport, recorder: Optional[Recorder],
                 directory: Optional[str]) -> None:
        self.server = server
        self.transport = transport
        self.recorder = recorder
        self.directory = directory
        self._loop: Optional[BackgroundCall] = None
        self._never_served = threading.Event()  # what loop_returned is until serve() is called
        self._clients: List[Any] = []
        self._client_count = 0

    @property
    def address(self) -> Any:
        return self.server.server_address

    def serve(self, poll_interval: float = POLL_INTERVAL) -> None:
        """Start serve_forever(poll_interval) in a background thread."""
        # A test waiting on the recorder for "the loop returned, or did X" wakes when it returns.
        self._loop = BackgroundCall(lambda: self.server.serve_forever(poll_interval), name="serve_forever",
                                    then=self.recorder.poke if self.recorder is not None else None)

    @property
    def loop_returned(self) -> threading.Event:
        """Set once the latest serve_forever() has returned or raised (never before serve())."""
        return self._loop.done if self._loop is not None else self._never_served

    @property
    def loop_error(self) -> Optional[BaseException]:
        """What the latest serve_forever() raised (BaseException propagation is itself a clause)."""
        return self._loop.error if self._loop is not None else None

    @property
    def serving(self) -> bool:
        return self._loop is not None and not self._loop.done.is_set()

    def client(self, **kwargs: Any) -> Any:
        """A new client of the right kind, connected/addressed to this server; closed at exit."""
        if self.transport.is_stream:
            client = StreamClient(self.transport.family, self.address, **kwargs)
        else:
            bind_to = None
            if self.transport.family == getattr(socket, "AF_UNIX", None):
                assert self.directory is not None
                self._client_count += 1
                bind_to = f"{self.directory}/client-{self._client_count}.sock"
            client = DatagramClient(self.transport.family, self.address, bind_to=bind_to, **kwargs)
        self._clients.append(client)
        return client

    def close_clients(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()

    def stop(self, *, timeout: Optional[float] = None, shutdown_clause: str = "LOOP-1") -> None:
        """shutdown() (when serving) within ``timeout``, or a violation of ``shutdown_clause``.

        A shutdown() that stopped the loop but never returned itself is reported through
        ``violated`` (a declared deviation lets the test go on) once its helper is ended; a
        loop that never stopped is forced to and always ends the test.
        """
        timeout = bounds.or_soon(timeout)
        if not self.serving:
            return
        assert self._loop is not None
        stopper = BackgroundCall(self.server.shutdown, name="bounded-shutdown", interruptible=True)
        if not stopper.wait(timeout):
            bounds.shutdown_hung = True
            stopped = self._loop.done.is_set()  # it had the whole timeout to see the request
            if not stopped:
                self._force_stop()
            stopper.interrupt()
            violation = ClauseViolation(shutdown_clause, f"shutdown() did not return within {timeout} s while "
                                        "serve_forever() ran in another thread "
                                        f"({'which had returned' if stopped else 'and kept running'})")
            if not stopped:
                raise violation
            violated(violation)
            return
        if stopper.error is not None:
            raise stopper.error
        if not self._loop.wait(timeout):
            self._force_stop()
            raise ClauseViolation(shutdown_clause, "shutdown() returned but serve_forever() kept running")

    def _force_stop(self) -> None:
        # The implementation did not stop: close its socket so its loop errors out, and let
        # the daemon thread die with it.  The leak check will still name the thread.
        with contextlib.suppress(Exception):
            self.server.socket.close()
        # A forking loop stuck collecting children it can never reap (a waitpid() loop that
        # ECHILD does not end) stops spinning once it has none left to wait for.
        with contextlib.suppress(Exception):
            if getattr(self.server, "active_children", None):
                self.server.active_children = type(self.server.active_children)()
        if self._loop is not None:
            self._loop.wait(bounds.soon)

    def close(self, *, timeout: Optional[float] = None, close_clause: str = "LOOP-2") -> None:
        """server_close() within ``timeout``, or a violation of ``close_clause`` (reported through
        ``violated`` once its helper is ended)."""
        timeout = bounds.or_soon(timeout)
        closer = BackgroundCall(self.server.server_close, name="bounded-server_close", interruptible=True)
        if not closer.wait(timeout):
            closer.interrupt()
            violated(ClauseViolation(close_clause, f"server_close() did not return within {timeout} s"))
            return
        if closer.error is not None:
            raise closer.error


@contextlib.contextmanager
def start_server(impl: Implementation, transport: Transport, handler: type, *,
                 flavour: str = "sync", recorder: Optional[Recorder] = None,
                 instrument: bool = False, overrides: Optional[Dict[str, Callable[..., Any]]] = None,
                 attrs: Optional[Dict[str, Any]] = None, serve: bool = True,
                 poll_interval: float = POLL_INTERVAL, teardown_timeout: Optional[float] = None,
                 ) -> Iterator[RunningServer]:
    """Bind a server of the implementation and (unless ``serve=False``) serve in the background.

    ``instrument=True`` records the server hooks into ``recorder``; ``overrides`` replace
    hooks (see ``recording_server``); ``attrs`` set class attributes (``daemon_threads``,
    ``timeout``, ...).  On exit everything is torn down within ``teardown_timeout``.
    """
    teardown_timeout = bounds.or_soon(teardown_timeout)
    cls = server_class(impl, transport, flavour)
    if instrument or overrides:
        if recorder is None:
            raise ValueError("instrument/overrides record into a recorder: pass recorder=Recorder()")
        cls = recording_server(cls, recorder, overrides=overrides, attrs=attrs)
    elif attrs:
        cls = type(cls.__name__, (cls,), dict(attrs))
    if flavour == "forking" and recorder is not None:
        recorder.enable_processes()
    with contextlib.ExitStack() as stack:
        directory = stack.enter_context(private_dir()) if transport.needs.count("unix") else None
        server = cls(transport.bind_address(directory), handler)
        running = RunningServer(server, transport, recorder, directory)
        try:
            if serve:
                running.serve(poll_interval)
            yield running
        finally:
            running.close_clients()
            if recorder is not None:
                recorder.open_all_gates()
            failing = sys.exc_info()[1]  # the body's own failure, if any
            # Once the body has failed its verdict is in: a loop that will not stop is forced
            # to after a short grace instead of the full bound (its clause already failed).
            timeout = teardown_timeout
            if failing is not None or bounds.shutdown_hung:
                timeout = min(teardown_timeout, bounds.failed_teardown)
            try:
                try:
                    running.stop(timeout=timeout)
                finally:
                    running.close(timeout=timeout)
            except Exception as teardown_error:
                # A broken server whose teardown also fails must not hide the clause the test
                # already failed it on; with nothing failing yet, the teardown's error is the verdict.
                if failing is None:
                    raise
                if hasattr(failing, "add_note"):  # Python 3.11+
                    failing.add_note(f"then, tearing the server down: {teardown_error!r}")
            finally:
                if recorder is not None:
                    recorder.close()

