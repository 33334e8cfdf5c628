"""What a test leaves behind: threads, sockets and pipes, child processes, private directories.

The plugin snapshots these around every conformance test.  What the implementation leaves
behind is a verdict on the clause that promises that cleanup (``Leak.clause``): a handler
thread still running on THREAD-6, a child left unreaped on FORK-9, a listening or datagram
socket on LOOP-2, a connected stream socket on LIFE-24.  Pipes and private directories are
the suite's own (``clause`` None).  Children are killed and reaped here, so the next test
starts clean; waits for stragglers are bounded joins.
"""
from __future__ import annotations

import gc
import os
import signal
import threading
import time
from dataclasses import dataclass
import socket
from typing import Dict, FrozenSet, List, Optional

from socketserver_conformance.harness._transports import live_private_dirs
from socketserver_conformance.harness._bounds import bounds


def _entries(directory: str) -> List[str]:
    """The names in ``directory``; none where it cannot be listed (no /proc on this platform)."""
    try:
        return os.listdir(directory)
    except OSError:
        return []


def _fds_by_target() -> Dict[str, int]:
    """'socket:[inode]' / 'pipe:[inode]' -> one descriptor of this process (Linux /proc only)."""
    found: Dict[str, int] = {}
    for fd in _entries("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(("socket:", "pipe:")):
            found.setdefault(target, int(fd))
    return found


def _fd_targets() -> FrozenSet[str]:
    return frozenset(_fds_by_target())


def _socket_clause(fd: int) -> str:
    """LOOP-2 for a server's own socket (listening, or datagram), LIFE-24 for a connection."""
    try:
        probe = socket.socket(fileno=os.dup(fd))
    except OSError:
        return "LOOP-2"
    with probe:
        try:
            listening = probe.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
        except (OSError, AttributeError):
            listening = 0
        return "LIFE-24" if probe.type == socket.SOCK_STREAM and not listening else "LOOP-2"


def _children() -> FrozenSet[int]:
    me = os.getpid()
    kids = set()
    for entry in _entries("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            kids.add(int(entry))
    return frozenset(kids)


def _kill_and_reap(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)  # SIGKILL cannot be caught: this returns promptly
    except (ProcessLookupError, ChildProcessError):
        pass


@dataclass(frozen=True)
class Snapshot:
    threads: FrozenSet[threading.Thread]
    fds: FrozenSet[str]
    children: FrozenSet[int]

    @classmethod
    def take(cls) -> "Snapshot":
        return cls(frozenset(threading.enumerate()), _fd_targets(), _children())

    def __or__(self, other: "Snapshot") -> "Snapshot":
        return Snapshot(self.threads | other.threads, self.fds | other.fds, self.children | other.children)


@dataclass(frozen=True)
class Leak:
    """One thing a test left behind."""

    what: str               # in words, for the message
    clause: Optional[str]   # the clause that promises its cleanup; None: the suite's own
    resource: object = None  # the thread, or the descriptor's target, still there

    @staticmethod
    def left(leaks: List["Leak"]) -> Snapshot:
        """What of ``leaks`` is still there (children never are: they were reaped)."""
        return Snapshot(frozenset(x.resource for x in leaks if isinstance(x.resource, threading.Thread)),
                        frozenset(x.resource for x in leaks if isinstance(x.resource, str)), frozenset())


def _outlives(thread: threading.Thread, deadline: float) -> bool:
    try:
        thread.join(max(0.0, deadline - time.monotonic()))
    except (RuntimeError, AssertionError):  # a dummy thread (gevent's hub, foreign threads) says so
        # by an assert in CPython's threading: it is not ours to join, nor a test's leak
        return False
    return thread.is_alive()


def leaks_since(before: Snapshot, *, grace: Optional[float] = None) -> List[Leak]:
    """What exists now and did not in ``before`` (after bounded waits); children are reaped."""
    grace = bounds.or_soon(grace)
    deadline = time.monotonic() + grace
    leaks: List[Leak] = []
    for thread in set(threading.enumerate()) - before.threads:
        if _outlives(thread, deadline):
            leaks.append(Leak(f"thread {thread.name!r} (daemon={thread.daemon}) still running", "THREAD-6",
                              thread))
    for pid in _children() - before.children:
        while time.monotonic() < deadline:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                break  # reaped elsewhere meanwhile: not a leak
            if done:
                leaks.append(Leak(f"child process {pid} was left unreaped (a zombie) after the test", "FORK-9"))
                break
            time.sleep(0.01)  # polling a pid that has no other wake-up; bounded by grace
        else:
            leaks.append(Leak(f"child process {pid} still running after the test (killed)", "FORK-9"))
            _kill_and_reap(pid)
    gc.collect()  # sockets only referenced from cycles (tracebacks) are garbage, not leaks
    now = _fds_by_target()
    if set(now) - before.fds:
        # A cooperative runtime may finish a close at its loop's next turn (gevent's os.close,
        # 25.8.1+, defers it to a check watcher): one short sleep lets it, then look again.
        time.sleep(0.01)
        now = _fds_by_target()
    for target in sorted(set(now) - before.fds):
        if target.startswith("socket:"):
            leaks.append(Leak(f"socket {target} (descriptor {now[target]}) left open",
                              _socket_clause(now[target]), target))
        else:
            leaks.append(Leak(f"{target} (descriptor {now[target]}) left open", None, target))
    dirs = live_private_dirs()
    if dirs:
        leaks.append(Leak(f"private socket directories left: {dirs}", None))
    return leaks
