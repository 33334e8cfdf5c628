"""Which thread runs this code, as the implementation under test counts its threads.

A green copy of socketserver (``eventlet.green.SocketServer``) starts its handler threads
with its own threading module: green threads that all run inside the OS thread that serves.
The stdlib's ``threading.current_thread()`` there names the serving thread, so a test would
see a handler run "in the serving thread" when it ran in a thread of its own (the suite's
bug, not the implementation's).  The harness therefore asks the implementation's own
threading module (the ``threading`` its module imported) who is running: ``get_ident()`` for
identity, and the ``Thread`` object with that ident for name, daemon flag and joining.  Where
the implementation uses the stdlib's threading, or monkey-patching made that one green, the
two views are the same and the stdlib's is used.

The plugin points the harness at the implementation once per session (``use_threads_of``).
"""
from __future__ import annotations

import threading
import time
from types import ModuleType
from typing import Any, Callable, Dict, List

#: The implementation's threading module (the stdlib's until the plugin says otherwise).
_threading: Any = threading


def use_threads_of(api: Any) -> Callable[[], None]:
    """Count threads as ``api`` (an implementation's socketserver module) does: through the
    ``threading`` it imported, when that is a threading module other than the stdlib's.
    Returns what puts the previous count back (an in-process pytest run restores it)."""
    global _threading
    previous = _threading
    module = getattr(api, "threading", None)
    usable = isinstance(module, ModuleType) and all(
        callable(getattr(module, name, None)) for name in ("get_ident", "enumerate", "current_thread", "Thread"))
    _threading = module if usable else threading

    def restore() -> None:
        global _threading
        _threading = previous
    return restore


def current_thread() -> threading.Thread:
    """The Thread object of the thread running this code: the implementation's own Thread
    (a green one under ``eventlet.green``) where it started this thread, else the stdlib's."""
    if _threading is threading:
        return threading.current_thread()
    ident = _threading.get_ident()
    if ident != threading.get_ident():
        for thread in _threading.enumerate():
            if thread.ident == ident:
                return thread
    return threading.current_thread()


def excepthook_namespaces() -> List[Dict[str, Any]]:
    """Where a thread's ``run()`` looks up ``excepthook``: the stdlib's threading and, for a green
    copy, the namespace its Thread's code runs in, which is neither (eventlet.green.threading
    re-executes threading.py as ``__patched_module_threading``, eventlet/patcher.py inject)."""
    spaces = [vars(threading)]
    if _threading is not threading:
        spaces += [vars(_threading), _threading.Thread.__init__.__globals__]
    # A threading with no excepthook (before 3.8) has no hook to look up: it is no namespace here.
    return [space for space in {id(space): space for space in spaces}.values() if "excepthook" in space]


#: How often the end of a thread that cannot be joined from here is looked for.
_END_TICK_S = 0.005


def join_thread(thread: Any, timeout: float) -> bool:
    """Wait at most ``timeout`` s for ``thread`` to end; True if it has.

    A stdlib Thread (monkey-patched or not) is joined.  A thread of a green copy's own threading
    cannot be: its join() waits on a green lock that only the hub of the OS thread it runs in
    wakes (eventlet/semaphore.py l.112-123), and the caller runs in another OS thread, so the
    join would never return.  Its is_alive() only reads a flag, so its end is looked for at a
    small tick, within the same bound.
    """
    if isinstance(thread, threading.Thread):
        thread.join(timeout)
        return not thread.is_alive()
    deadline = time.monotonic() + timeout
    tick = threading.Event()  # never set: a bounded pause that is not a green sleep
    while thread.is_alive():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        tick.wait(min(_END_TICK_S, left))
    return True


__all__ = ["current_thread", "excepthook_namespaces", "join_thread", "use_threads_of"]

