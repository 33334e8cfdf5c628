"""The event recorder: instrumented handlers and servers write what happened, tests read the order.

Theory of operation: every hook of an instrumented handler or server appends an
``Event`` (a global sequence number, the hook name, the thread and process it ran on, the
handler instance, details) to one ``Recorder``.  Tests decide concurrency questions from
the order of these events, never from wall-clock time, and wait for events with
``Recorder.wait_for``, which is always bounded.  Handlers that must be held mid-request
wait on a ``Gate``; the harness opens every gate of a recorder before it shuts a server
down, so a test that forgets one cannot hang the run.

Forked children cannot append to the parent's list, so after ``enable_processes()`` a
record made in another process is written as one JSON line to a pipe (atomic below
PIPE_BUF) and a reader thread in the parent appends it.
"""
from __future__ import annotations

import itertools
import json
import os
import select
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from socketserver_conformance.harness._bounds import bounds
from socketserver_conformance.harness._threads import current_thread
from socketserver_conformance.harness._violations import ClauseViolation, HarnessTimeout


@dataclass(frozen=True)
class Event:
    seq: int
    name: str                    # e.g. "handle:enter", "shutdown_request:exit", "handle:raise"
    thread: str
    thread_id: int
    daemon: bool
    pid: int
    handler: Optional[int] = None  # id() of the handler instance, to tell requests apart
    data: Dict[str, Any] = field(default_factory=dict)

    @property
    def hook(self) -> str:
        return self.name.split(":", 1)[0]


class Gate:
    """A one-shot barrier a handler waits on until the test opens it (bounded both ways)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._event = threading.Event()

    def open(self) -> None:
        self._event.set()

    def is_open(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: Optional[float] = None) -> None:
        timeout = bounds.or_soon(timeout)
        if not self._event.wait(timeout):
            raise HarnessTimeout(f"gate {self.name!r} stayed closed for {timeout} s")


class Recorder:
    """An append-only, thread-safe log of events, with bounded waits on it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._events: List[Event] = []
        self._seq = itertools.count()
        self._gates: Dict[str, Gate] = {}
        self._owner_pid = os.getpid()
        self._pipe_w: Optional[int] = None
        self._pipe_r: Optional[int] = None
        self._reader: Optional[threading.Thread] = None
        self._closing = threading.Event()

    # -- writing ---------------------------------------------------------------------------
    def record(self, name: str, *, handler: Optional[object] = None, **data: Any) -> None:
        current = current_thread()  # the implementation's thread (a green one under eventlet.green)
        handler_id = id(handler) if handler is not None else None
        if os.getpid() != self._owner_pid:
            self._record_from_child(name, current, handler_id, data)
            return
        with self._cond:
            self._events.append(Event(next(self._seq), name, current.name, current.ident or 0,
                                      current.daemon, os.getpid(), handler_id, data))
            self._cond.notify_all()

    def _record_from_child(self, name, current, handler_id, data) -> None:
        if self._pipe_w is None:
            return  # processes were not enabled: nothing can carry the event home
        line = json.dumps({"name": name, "thread": current.name, "thread_id": current.ident or 0,
                           "daemon": current.daemon, "pid": os.getpid(), "handler": handler_id,
                           "data": data}, default=repr).encode() + b"\n"
        os.write(self._pipe_w, line[: select.PIPE_BUF - 1] if len(line) >= select.PIPE_BUF else line)

    def enable_processes(self) -> None:
        """Let forked children record too (call before the server forks)."""
        if self._pipe_r is not None:
            return
        self._pipe_r, self._pipe_w = os.pipe()
        self._reader = threading.Thread(target=self._read_children, name="recorder-reader", daemon=True)
        self._reader.start()

    def _read_children(self) -> None:
        buffer = b""
        assert self._pipe_r is not None
        while not self._closing.is_set():
            # close() writes a bare newline to wake this select; the timeout is only a backstop.
            ready, _, _ = select.select([self._pipe_r], [], [], 1.0)
            if not ready:
                continue
            chunk = os.read(self._pipe_r, 65536)
            if not chunk:
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                if not line:
                    continue  # the wake-up from close()
                d = json.loads(line)
                with self._cond:
                    self._events.append(Event(next(self._seq), d["name"], d["thread"], d["thread_id"],
                                              d["daemon"], d["pid"], d["handler"], d["data"]))
                    self._cond.notify_all()

    # -- gates -----------------------------------------------------------------------------
    def gate(self, name: str) -> Gate:
        """The gate with this name, made on first use."""
        with self._cond:
            return self._gates.setdefault(name, Gate(name))

    def open_all_gates(self) -> None:
        with self._cond:
            gates = list(self._gates.values())
        for g in gates:
            g.open()

    # -- reading ---------------------------------------------------------------------------
    @property
    def events(self) -> List[Event]:
        with self._cond:
            return list(self._events)

    def names(self, handler: Optional[int] = None) -> List[str]:
        return [e.name for e in self.events if handler is None or e.handler == handler]

    def named(self, name: str) -> List[Event]:
        return [e for e in self.events if e.name == name]

    def poke(self) -> None:
        """Wake every ``wait_for()`` to look again: something its predicate reads, outside the
        log (a call that has returned, say), has changed."""
        with self._cond:
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[List[Event]], bool], *, timeout: Optional[float] = None,
                 what: str = "the expected events", clause: Optional[str] = None) -> List[Event]:
        """Block until ``predicate(events)`` holds; HarnessTimeout naming ``what`` otherwise, or,
        with ``clause``, a ClauseViolation of it (what never happened is that clause's verdict)."""
        timeout = bounds.or_soon(timeout)
        with self._cond:
            if self._cond.wait_for(lambda: predicate(self._events), timeout):
                return list(self._events)
            seen = [e.name for e in self._events][-20:]
        if clause is not None:
            raise ClauseViolation(clause, f"{what} did not happen within {timeout} s; last events: {seen}")
        raise HarnessTimeout(f"waited {timeout} s for {what}; last events: {seen}")

    def wait_count(self, name: str, count: int = 1, *, timeout: Optional[float] = None,
                   clause: Optional[str] = None) -> List[Event]:
        """Block until at least ``count`` events called ``name`` are recorded; return them."""
        timeout = bounds.or_soon(timeout)
        self.wait_for(lambda evs: sum(e.name == name for e in evs) >= count, timeout=timeout,
                      what=f"{count} x {name!r}", clause=clause)
        return self.named(name)

    def close(self) -> None:
        """Open every gate and stop the child-event reader."""
        self.open_all_gates()
        self._closing.set()
        if self._pipe_w is not None:
            os.write(self._pipe_w, b"\n")  # events already in the pipe are read before this
        if self._reader is not None:
            self._reader.join(bounds.soon)
        for fd in (self._pipe_r, self._pipe_w):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._pipe_r = self._pipe_w = None
