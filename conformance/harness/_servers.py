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
from socketserver_conformance.harness._clients import DatagramClient, StreamClient
from socketserver_conformance.harness._events import Recorder
from socketserver_conformance.harness._instrument import recording_server
from socketserver_conformance.harness._transports import Transport, private_dir
from socketserver_conformance.harness._violations import SOON, ClauseViolation

#: serve_forever's poll interval in the suite: short, so shutdown is quick on polling servers.
POLL_INTERVAL = 0.01


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


def _bounded(call: Callable[[], Any], timeout: float) -> Optional[BaseException]:
    """Run ``call`` in a helper thread; return its exception, or TimeoutError if it is still running."""
    outcome: Dict[str, BaseException] = {}

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # reported to the caller, not lost in a thread
            outcome["error"] = exc

    helper = threading.Thread(target=run, name=f"bounded-{getattr(call, '__name__', 'call')}", daemon=True)
    helper.start()
    helper.join(timeout)
    if helper.is_alive():
        return TimeoutError(f"did not return within {timeout} s")
    return outcome.get("error")


class RunningServer:
    """A server of the implementation under test, serving in a background thread."""

    def __init__(self, server: Any, transport: Transport, recorder: Optional[Recorder],
                 directory: Optional[str]) -> None:
        self.server = server
        self.transport = transport
        self.recorder = recorder
        self.directory = directory
        self.loop_error: Optional[BaseException] = None
        self.loop_returned = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._clients: List[Any] = []
        self._client_count = 0

    @property
    def address(self) -> Any:
        return self.server.server_address

    def serve(self, poll_interval: float = POLL_INTERVAL) -> None:
        """Start serve_forever(poll_interval) in a background thread."""
        self.loop_returned.clear()
        self._thread = threading.Thread(target=self._loop, args=(poll_interval,),
                                        name="serve_forever", daemon=True)
        self._thread.start()

    def _loop(self, poll_interval: float) -> None:
        try:
            self.server.serve_forever(poll_interval)
        except BaseException as exc:  # BaseException propagation is itself a clause (LIFE-*)
            self.loop_error = exc
        finally:
            self.loop_returned.set()

    @property
    def serving(self) -> bool:
        return self._thread is not None and not self.loop_returned.is_set()

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

    def stop(self, *, timeout: float = SOON, shutdown_clause: str = "LOOP-1") -> None:
        """shutdown() (when serving) within ``timeout``, or a ClauseViolation on ``shutdown_clause``."""
        if not self.serving:
            return
        error = _bounded(self.server.shutdown, timeout)
        if isinstance(error, TimeoutError):
            self._force_stop()
            raise ClauseViolation(shutdown_clause, f"shutdown() did not return within {timeout} s "
                                  "while serve_forever() ran in another thread")
        if error is not None:
            raise error
        if not self.loop_returned.wait(timeout):
            self._force_stop()
            raise ClauseViolation(shutdown_clause, "shutdown() returned but serve_forever() kept running")
        assert self._thread is not None
        self._thread.join(timeout)

    def _force_stop(self) -> None:
        # The implementation did not stop: close its socket so its loop errors out, and let
        # the daemon thread die with it.  The leak check will still name the thread.
        with contextlib.suppress(Exception):
            self.server.socket.close()
        if self._thread is not None:
            self._thread.join(SOON)

    def close(self, *, timeout: float = SOON, close_clause: str = "LOOP-2") -> None:
        error = _bounded(self.server.server_close, timeout)
        if isinstance(error, TimeoutError):
            raise ClauseViolation(close_clause, f"server_close() did not return within {timeout} s")
        if error is not None:
            raise error


@contextlib.contextmanager
def start_server(impl: Implementation, transport: Transport, handler: type, *,
                 flavour: str = "sync", recorder: Optional[Recorder] = None,
                 instrument: bool = False, overrides: Optional[Dict[str, Callable[..., Any]]] = None,
                 attrs: Optional[Dict[str, Any]] = None, serve: bool = True,
                 poll_interval: float = POLL_INTERVAL, teardown_timeout: float = SOON,
                 ) -> Iterator[RunningServer]:
    """Bind a server of the implementation and (unless ``serve=False``) serve in the background.

    ``instrument=True`` records the server hooks into ``recorder``; ``overrides`` replace
    hooks (see ``recording_server``); ``attrs`` set class attributes (``daemon_threads``,
    ``timeout``, ...).  On exit everything is torn down within ``teardown_timeout``.
    """
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
            try:
                try:
                    running.stop(timeout=teardown_timeout)
                finally:
                    running.close(timeout=teardown_timeout)
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

