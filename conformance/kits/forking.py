"""Process-level tools for the forking tests: barriers that cross fork, child states, cleanup.

Threading gates do not cross ``fork``: a child holds on a ``ProcessBarrier`` (a pipe the
test owns) and the test releases children by writing one byte per child.  Child states
are read with ``waitid(..., WNOWAIT)`` (or ``/proc`` where a runtime lacks it) so that
looking at a child never reaps it: reaping is the behaviour under test.  Every wait here
is bounded.
"""
from __future__ import annotations

import os
import select
import signal
import socket
import sys
import time
from typing import Any, Iterable, List, Optional, Set, Tuple

from socketserver_conformance.harness._events import Recorder
from socketserver_conformance.harness._bounds import bounds

#: Hooks that belong to the serving loop: a child recording one has come back into it.
LOOP_EVENTS = frozenset({"get_request:enter", "verify_request:enter", "process_request:exit",
                         "process_request:raise", "service_actions:enter", "handle_timeout:enter",
                         "server_close:enter", "child:returned"})

#: Exit status of a child that came back into ``handle_one_request`` (and was stopped there).
RETURNED_STATUS = 117

RUNNING, ZOMBIE, GONE = "running", "zombie (exited, not reaped)", "reaped"


class ProcessBarrier:
    """A pipe children block on; each byte the test writes lets exactly one child through."""

    def __init__(self) -> None:
        self._r, self._w = os.pipe()
        os.set_blocking(self._r, False)  # children race for bytes: a lost race must not block
        self._owner = os.getpid()

    def hold(self, timeout: Optional[float] = None) -> bool:
        """In a child: wait for one release token; False when none came within ``timeout``
        (default: twice ``bounds.soon``).  A child blocks in the OS's own select, as a process
        does: under gevent, whose greenlets survive fork (gevent/os.py l.38-41), a cooperative
        wait would let the copies of the test's own threads (its clients, the recorder's reader)
        run in the child and take the test's replies and events."""
        timeout = 2 * bounds.soon if timeout is None else timeout
        deadline = time.monotonic() + timeout
        wait = _os_select() if os.getpid() != self._owner else select.select
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            ready, _, _ = wait([self._r], [], [], remaining)
            if ready:
                try:
                    if os.read(self._r, 1):
                        return True
                except BlockingIOError:
                    continue  # another child took that byte

    def release(self, count: int = 1) -> None:
        os.write(self._w, b"x" * count)

    def release_all(self) -> None:
        """Let every present and future holder through (far more tokens than any test forks)."""
        try:
            os.write(self._w, b"x" * 256)
        except OSError:
            pass

    def close(self) -> None:
        for fd in (self._r, self._w):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self) -> "ProcessBarrier":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release_all()
        self.close()


def _os_select() -> Any:
    """The OS's blocking ``select.select``, under a runtime that replaced it with a green one."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("select"):
        return monkey.get_original("select", "select")
    return select.select


def _peek(pid: int) -> Optional[Tuple[str, Optional[int]]]:
    """(RUNNING or ZOMBIE, the wait status of a zombie) of our child ``pid``; None once it is
    reaped.  Never reaps: ``waitid(WNOWAIT)`` where the runtime has it, else (PyPy has no
    ``os.waitid``) the child's ``/proc/<pid>/stat``, whose 52nd field is a zombie's wait status."""
    if hasattr(os, "waitid"):
        try:
            info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return None
        if info is None:
            return RUNNING, None
        if info.si_code == os.CLD_EXITED:
            return ZOMBIE, (info.si_status & 0xFF) << 8
        return ZOMBIE, info.si_status & 0x7F
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    if int(fields[1]) != os.getpid():  # the pid was reaped and reused by a stranger
        return None
    if fields[0] != b"Z":
        return RUNNING, None
    return ZOMBIE, int(fields[49]) if len(fields) > 49 else None


def child_state(pid: int) -> str:
    """RUNNING, ZOMBIE or GONE (reaped by someone) for a child of this process; never reaps."""
    peeked = _peek(pid)
    return GONE if peeked is None else peeked[0]


def _kept_status(pid: int) -> Optional[int]:
    """The wait status of a child that gevent's child watcher reaped and keeps for its
    ``os.waitpid`` to return (gevent/os.py _on_child l.385, waitpid l.492-500); read, not taken."""
    table = getattr(sys.modules.get("gevent.os"), "_watched_children", None)
    entry = table.get(pid) if isinstance(table, dict) else None
    return entry[1] if isinstance(entry, tuple) else None


def exit_status(pid: int) -> Optional[str]:
    """'exit N' / 'killed by signal N' of an exited child that the process's ``os.waitpid`` can
    still collect (unreaped, or reaped by gevent's watcher which keeps its status); None if
    running or reaped."""
    peeked = _peek(pid)
    if peeked is None:
        kept = _kept_status(pid)
        peeked = None if kept is None else (ZOMBIE, kept)
    if peeked is None or peeked[0] != ZOMBIE or peeked[1] is None:
        return None
    status = peeked[1]
    if os.WIFEXITED(status):
        return f"exit {os.WEXITSTATUS(status)}"
    return f"killed by signal {os.WTERMSIG(status)}"


def wait_exited(pid: int, timeout: Optional[float] = None) -> bool:
    """Wait (bounded) until a child has exited, without reaping it; True if it has (or is reaped)."""
    timeout = bounds.or_soon(timeout)
    if child_state(pid) != RUNNING:  # also guards against a reaped pid reused by a stranger
        return True
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        try:
            ready, _, _ = select.select([fd], [], [], timeout)  # a pidfd is readable once the child exits
            return bool(ready) or child_state(pid) != RUNNING
        finally:
            os.close(fd)
    deadline = time.monotonic() + timeout  # no pidfd: poll the state, bounded
    while child_state(pid) == RUNNING:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def reap(pids: Iterable[int], timeout: Optional[float] = None) -> None:
    """Reap the test's own leftover children (killing any still running after ``timeout``)."""
    timeout = bounds.or_soon(timeout)
    for pid in pids:
        if child_state(pid) == GONE:
            continue
        if not wait_exited(pid, timeout):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def spawn_exiting_child(code: int) -> int:
    """Fork a child of the test itself that exits at once with ``code`` (not the server's)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os._exit(code)
    return pid


def child_pids(rec: Recorder, parent: int, name: Optional[str] = None) -> List[int]:
    """Pids (first-seen order) of processes other than ``parent`` that recorded events."""
    seen: List[int] = []
    for e in rec.events:
        if e.pid != parent and e.pid not in seen and (name is None or e.name == name):
            seen.append(e.pid)
    return seen


def runaway_pids(rec: Recorder, parent: int) -> Set[int]:
    """Children that recorded serving-loop events: they came back into the server's code."""
    return {e.pid for e in rec.events if e.pid != parent and e.name in LOOP_EVENTS}


def stop_runaways(rec: Recorder, parent: int) -> None:
    """Kill children that returned into the serving loop (a broken implementation) so teardown
    is not held up by a second server loop running in a child.  The server still reaps them."""
    for pid in runaway_pids(rec, parent):
        if child_state(pid) == RUNNING:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def handle_one_request(server: Any, rec: Recorder) -> None:
    """server.handle_request() in this thread; a child that returns here records it and exits
    at once, so a broken implementation can never run the rest of the test in a child."""
    parent = os.getpid()
    try:
        server.handle_request()
    finally:
        if os.getpid() != parent:
            rec.record("child:returned")
            os._exit(RETURNED_STATUS)


def fully_closed(sock: socket.socket, timeout: Optional[float] = None) -> bool:
    """True when no process holds the peer end any more: a write is refused or reset, or the
    socket reports hang-up.  Data sent to a TCP socket that every owner closed draws an RST;
    a socket some process still holds just queues it."""
    timeout = bounds.or_soon(timeout)
    try:
        sock.send(b"?")
    except (BrokenPipeError, ConnectionResetError):
        return True
    if not hasattr(select, "poll"):  # eventlet's green select has none (eventlet/green/select.py)
        return _reset_or_eof(sock, timeout)
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLHUP | select.POLLERR)
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        for _, mask in poller.poll(max(1, int(remaining * 1000))):
            if mask & (select.POLLHUP | select.POLLERR):
                return True


def _reset_or_eof(sock: socket.socket, timeout: float) -> bool:
    """``fully_closed`` through ``select``: once the reply has been read, the socket turns
    readable only when the connection ended (an RST for the probe byte, or a FIN)."""
    ready, _, errored = select.select([sock], [], [sock], timeout)
    if not (ready or errored):
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except BlockingIOError:
        return False
