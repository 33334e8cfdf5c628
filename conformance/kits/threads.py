"""Helpers for the threads area: indexed handlers that can be held or made to fail, a record
of the handler threads, serving loops run in threads of the test's choosing.

Theory of operation: every client sends one line, its request index.  The handler reads it,
records a ``request`` event (thread, daemon flag, index), keeps the running Thread object in a
``HandlerThreads`` tracker (strongly, or weakly when the test is about what the server keeps),
then waits on the gate ``hold-<index>`` if the test holds that request, and raises if the test
makes it fail.  Tests decide from the events and the tracked threads; the test releases gates.
"""
from __future__ import annotations

import contextlib
import threading
import weakref
from typing import Any, Callable, Collection, Dict, Iterator, List, Optional, Tuple

from socketserver_conformance.harness import (POLL_INTERVAL, current_thread, join_thread, bounds, TCP, UDP, UNIX_DGRAM, UNIX_STREAM, BackgroundCall,
                                              ClauseViolation, Event, HarnessTimeout, Recorder, RunningServer,
                                              recording_handler_for, violated)

#: The threading servers of the contract: ThreadingTCPServer, ThreadingUDPServer and the Unix pair.
THREAD_TRANSPORTS = (TCP, UDP, UNIX_STREAM, UNIX_DGRAM)

#: How long server_close() gets to show that it is (wrongly) not waiting for a held handler.
#: A correct implementation stays blocked indefinitely; this only bounds the look.
#: At time scale 1: read it as ``bounds(RETURN_WINDOW_S)``.
RETURN_WINDOW_S = 0.05

def hold_limit() -> float:
    """How long a held handler waits for the test to release it.  Longer than any bounded wait
    of a test on a held handler, so a hold never ends by itself while the test is still looking."""
    return 3 * bounds.soon


class HandlerFailure(RuntimeError):
    """What a handler the test makes fail raises."""


def hold_gate(index: int) -> str:
    return f"hold-{index}"


def flag_attrs(daemon_threads: Optional[bool], block_on_close: Optional[bool]) -> Dict[str, bool]:
    """Class attributes for the server; None leaves the implementation's default in place."""
    attrs: Dict[str, bool] = {}
    if daemon_threads is not None:
        attrs["daemon_threads"] = daemon_threads
    if block_on_close is not None:
        attrs["block_on_close"] = block_on_close
    return attrs


def server_close_must_wait(daemon_threads: Optional[bool], block_on_close: Optional[bool]) -> bool:
    """The model: server_close() joins handler threads iff block_on_close (default true) holds and
    the handler threads are not daemons (daemon_threads, default false)."""
    return block_on_close is not False and not daemon_threads


class HandlerThreads:
    """The Thread objects that ran handlers, by request index (weak references if ``weak``)."""

    def __init__(self, *, weak: bool = False) -> None:
        self._weak = weak
        self._lock = threading.Lock()
        self._by_index: Dict[int, Any] = {}

    def add(self, index: int, thread: threading.Thread) -> None:
        with self._lock:
            self._by_index[index] = weakref.ref(thread) if self._weak else thread

    def get(self, index: int) -> Optional[threading.Thread]:
        with self._lock:
            entry = self._by_index.get(index)
        return entry() if self._weak and entry is not None else entry

    def indices(self) -> List[int]:
        with self._lock:
            return sorted(self._by_index)

    def alive(self) -> List[int]:
        """Indices whose handler thread is still running."""
        out = []
        for i in self.indices():
            t = self.get(i)
            if t is not None and t.is_alive():
                out.append(i)
        return out

    def reachable(self) -> List[int]:
        """Indices whose Thread object is still referenced by someone (weak tracking only)."""
        return [i for i in self.indices() if self.get(i) is not None]

    def join(self, index: int, timeout: Optional[float] = None) -> bool:
        """Wait for that handler thread to end; False if it is still running after ``timeout``."""
        timeout = bounds.or_soon(timeout)
        t = self.get(index)
        if t is None:
            return True
        return join_thread(t, timeout)

    def join_all(self, timeout: Optional[float] = None) -> None:
        timeout = bounds.or_soon(timeout)
        for i in self.indices():
            self.join(i, timeout)


def indexed_handler(impl: Any, transport: Any, rec: Recorder, threads: HandlerThreads, *,
                    held: Collection[int] = (), failing: Collection[int] = ()) -> type:
    """A handler of the transport's kind that reads its request index and acts as described above."""
    held, failing = frozenset(held), frozenset(failing)

    def handle(self: Any) -> None:  # runs inside recording_handler's handle:enter/exit/raise
        index = int(self.rfile.readline())
        threads.add(index, current_thread())
        rec.record("request", handler=self, index=index)
        if index in held:
            rec.gate(hold_gate(index)).wait(hold_limit())
        if index in failing:
            raise HandlerFailure(f"request {index} fails on purpose")

    return recording_handler_for(impl, transport, rec, handle=handle, name=f"Indexed{transport.handler_base}")


def indexed_requests(impl: Any, transport: Any, *, held: Collection[int] = (), failing: Collection[int] = (),
                     weak: bool = False) -> Tuple[Recorder, HandlerThreads, type]:
    """A test's Recorder, its HandlerThreads tracker (weak with ``weak``) and the
    ``indexed_handler`` that records into both."""
    rec, threads = Recorder(), HandlerThreads(weak=weak)
    return rec, threads, indexed_handler(impl, transport, rec, threads, held=held, failing=failing)


def index_line(index: int) -> bytes:
    """What the client of request ``index`` sends: its index, as one line."""
    return b"%d\n" % index


def requests(rec: Recorder) -> Dict[int, Event]:
    """The ``request`` events by index."""
    return {e.data["index"]: e for e in rec.named("request")}


def handlers_without_their_line(events: List[Event]) -> int:
    """How many handlers entered handle() but never got past reading their index line
    (a handler parked in rfile.readline() that nothing resumes)."""
    read = {e.handler for e in events if e.name == "request"}
    return sum(e.name == "handle:enter" and e.handler not in read for e in events)


def await_events(rec: Recorder, predicate: Callable[[List[Event]], bool], clause: str,
                 observed: Callable[[List[Event]], str], timeout: Optional[float] = None) -> List[Event]:
    """Wait for ``predicate``; a ClauseViolation on ``clause`` (with ``observed(events)``) if it never holds."""
    timeout = bounds.or_soon(timeout)
    try:
        return rec.wait_for(predicate, timeout=timeout, what=clause)
    except HarnessTimeout:
        raise ClauseViolation(clause, observed(rec.events) + f" (waited {timeout} s)") from None


def count(name: str) -> Callable[[List[Event]], int]:
    return lambda events: sum(e.name == name for e in events)


@contextlib.contextmanager
def serving_in_thread(srv: RunningServer, *, daemon: bool) -> Iterator[threading.Thread]:
    """serve_forever() in a thread whose daemon flag the test picks; shut down and joined at exit."""
    loop = BackgroundCall(lambda: srv.server.serve_forever(POLL_INTERVAL),
                          name=f"serve_forever-daemon={daemon}", daemon=daemon)
    try:
        yield loop.thread
    finally:
        if srv.recorder is not None:
            srv.recorder.open_all_gates()  # a handler held inline must not block shutdown()
        stopper = BackgroundCall(srv.server.shutdown, name="shutdown", interruptible=True)
        stopper.wait(bounds.soon)
        if not loop.wait(bounds.soon):
            # Never leave a non-daemon loop behind: closing the socket makes it error out.
            with contextlib.suppress(Exception):
                srv.server.socket.close()
            loop.wait(bounds.soon)
            stopper.wait(bounds.soon)
            raise ClauseViolation("LOOP-1", "shutdown() did not stop serve_forever() run in a "
                                  f"{'daemon' if daemon else 'non-daemon'} thread")
        if not stopper.done.is_set():  # the loop stopped, but shutdown() never returned
            stopper.interrupt()
            violated(ClauseViolation("LOOP-1", "shutdown() did not return although serve_forever(), run in a "
                                     f"{'daemon' if daemon else 'non-daemon'} thread, had"))


def distinct(items: List[Any]) -> bool:
    return len(set(map(id, items))) == len(items)


def describe_threads(rec: Recorder) -> List[Tuple[int, str, bool]]:
    """(index, thread name, daemon) for each request, for messages."""
    return [(i, e.thread, e.daemon) for i, e in sorted(requests(rec).items())]
