"""What a test leaves behind: threads, sockets and pipes, child processes, private directories.

The plugin snapshots these around every conformance test and fails the test (naming what
leaked) when something it created outlives it.  Waits for stragglers are bounded joins.
"""
from __future__ import annotations

import gc
import os
import signal
import threading
import time
from dataclasses import dataclass
from typing import FrozenSet, List

from socketserver_conformance.harness._transports import live_private_dirs
from socketserver_conformance.harness._violations import SOON


def _entries(directory: str) -> List[str]:
    """The names in ``directory``; none where it cannot be listed (no /proc on this platform)."""
    try:
        return os.listdir(directory)
    except OSError:
        return []


def _fd_targets() -> FrozenSet[str]:
    """'fd -> socket:[inode]' / 'pipe:[inode]' entries of this process (Linux /proc only)."""
    found = set()
    for fd in _entries("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(("socket:", "pipe:")):
            found.add(target)
    return frozenset(found)


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


def leaks_since(before: Snapshot, *, grace: float = SOON) -> List[str]:
    """Descriptions of what exists now and did not in ``before`` (after bounded waits)."""
    deadline = time.monotonic() + grace
    problems: List[str] = []
    for thread in set(threading.enumerate()) - before.threads:
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            problems.append(f"thread {thread.name!r} (daemon={thread.daemon}) still running")
    for pid in _children() - before.children:
        while time.monotonic() < deadline:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                break  # reaped elsewhere meanwhile: not a leak
            if done:
                problems.append(f"child process {pid} was left unreaped (a zombie) after the test")
                break
            time.sleep(0.01)  # polling a pid that has no other wake-up; bounded by grace
        else:
            problems.append(f"child process {pid} still running after the test (killed)")
            _kill_and_reap(pid)
    gc.collect()  # sockets only referenced from cycles (tracebacks) are garbage, not leaks
    leaked_fds = _fd_targets() - before.fds
    if leaked_fds:
        problems.append(f"{len(leaked_fds)} socket/pipe descriptor(s) left open: {sorted(leaked_fds)[:5]}")
    dirs = live_private_dirs()
    if dirs:
        problems.append(f"private socket directories left: {dirs}")
    return problems
