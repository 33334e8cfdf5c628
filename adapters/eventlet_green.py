"""``eventlet.green.SocketServer``: eventlet's own green copy of socketserver, with no global patching.

eventlet builds it with ``eventlet.patcher.inject``: the stdlib's socketserver imported again
with eventlet's green ``socket``, ``select`` and ``threading`` in place of the real ones; the
rest of the process (``os``, ``selectors``, ``time``, the suite's own threads) stays as it is.
``eventlet_green.toml`` (next to this file) lists where it knowingly differs, each traced to
eventlet's code.
"""
from __future__ import annotations

import contextlib
import os
import platform
import threading
from typing import Any, Callable, Tuple

from socketserver_conformance.adapters._base import CallInterrupted, Implementation, deviations_file

#: The extra that installs what this adapter needs: ``pip install 'socketserver-conformance[eventlet]'``.
EXTRA = "eventlet"
DEVIATIONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "eventlet_green.toml")


def adapter() -> Implementation:
    import eventlet
    from eventlet.green import SocketServer

    return Implementation(
        name="eventlet-green",
        version=f"eventlet {eventlet.__version__} on {platform.python_implementation()} {platform.python_version()}",
        source=getattr(SocketServer, "__file__", None) or "eventlet.green.SocketServer",
        api=SocketServer,
        deviations=deviations_file(DEVIATIONS_FILE),
        interruptible=interruptible,
        description="eventlet.green.SocketServer: the stdlib's socketserver over eventlet's green "
                    "socket, select and threading, without monkey-patching",
    )


def interruptible(fn: Callable[[], Any]) -> Tuple[Callable[[], Any], Callable[[], None]]:
    """``fn`` run so that another OS thread can end its green waits (``Implementation.interruptible``).

    A green wait parks the calling greenlet and runs its OS thread's hub until something that
    hub watches fires; a set() made in another OS thread is nothing it watches (LOOP-1's
    reason in eventlet_green.toml).  So ``run()`` has that hub watch a pipe too, and
    ``interrupt()`` writes to it: the hub wakes in the helper thread and throws
    CallInterrupted into the waiting call.  The pipe and the hub's poll object are closed when
    ``run()`` ends, and the lock keeps ``interrupt()`` from writing to a closed descriptor
    whose number may already be another's.
    """
    readable, writable = os.pipe()
    lock, is_open = threading.Lock(), [True]  # the stdlib's: eventlet.green patches no global state

    def close() -> None:
        with lock:
            if is_open[0]:
                os.close(readable)
                os.close(writable)
                is_open[0] = False

    def run() -> Any:
        import greenlet
        from eventlet import hubs

        hub, caller = hubs.get_hub(), greenlet.getcurrent()

        def wake(_fileno: int) -> None:  # runs in the hub's greenlet, in this OS thread
            caller.throw(CallInterrupted("the harness ended a call that could not return"))

        listener = hub.add(hub.READ, readable, wake, lambda _exc: None, None)
        try:
            return fn()
        finally:
            hub.remove(listener)
            close()
            with contextlib.suppress(Exception):  # this thread ends now: its hub's epoll goes too
                hub.poll.close()

    def interrupt() -> None:
        with lock:
            if is_open[0]:
                with contextlib.suppress(OSError):
                    os.write(writable, b"!")
    return run, interrupt
