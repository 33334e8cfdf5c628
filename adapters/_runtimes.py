"""What the runtime adapters (gevent, eventlet) share: warming up what a runtime creates lazily.

A patched runtime creates some of its own resources on first use: gevent its hub, the
thread pool its resolver runs ``getaddrinfo`` in, and, at the first fork, a child watcher
with its descriptors.  Created during a test, they would look like that test's leaks (a
thread, a pipe).  ``warm_up`` creates them in ``prepare``, before the session's and the
tests' leak snapshots, which therefore count them as the process's own.
"""
from __future__ import annotations

import os
import socket
import sys
import time


def warm_up() -> None:
    """Resolve a name, fork a child that exits at once, and reap it (through the patched calls)."""
    socket.getaddrinfo("localhost", 0, socket.AF_INET, socket.SOCK_STREAM)
    if hasattr(os, "fork"):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os._exit(0)
        # Reaped by polling, bounded: in an xdist worker the kernel may hand SIGCHLD to execnet's
        # receiver thread, which the runtime's child watcher never hears of; a blocking
        # waitpid would then wait forever.  The OS's own waitpid settles it after the bound.
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    return
            except ChildProcessError:
                return
            time.sleep(0.01)
        raw = getattr(sys.modules.get("gevent.os"), "_waitpid", None) or os.waitpid
        try:
            raw(pid, 0)
        except ChildProcessError:
            pass
