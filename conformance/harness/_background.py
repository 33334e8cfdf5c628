"""A call run in a helper thread of the test's, so the test can watch it and never hang on it.

Only ``threading`` is used (its Thread and Event), never OS-thread internals, so the helper
works where gevent or eventlet have patched threading into greenlets.  Every wait on it
takes a timeout.
"""
from __future__ import annotations

import sys
import threading
import time
from typing import Any, Callable, FrozenSet, Optional

from socketserver_conformance.adapters import CallInterrupted, Interruptible
from socketserver_conformance.harness._events import Recorder
from socketserver_conformance.harness._bounds import bounds


#: Names of the calls in which a thread parks: threading's waits, selectors', select's and
#: gevent's or eventlet's green versions of them alike.
BLOCKING_CALLS: FrozenSet[str] = frozenset({"wait", "wait_for", "acquire", "join", "select", "poll",
                                            "_wait_for_tstate_lock", "epoll", "kqueue"})


#: How the implementation under test lets a hung helper call be ended (None: it cannot be).
_interruptible: Optional[Interruptible] = None


#: How many hung calls the harness has ended in this process (``interruptions()``).
_ended = [0]


def interruptions() -> int:
    """How many hung calls ``BackgroundCall.interrupt()`` has ended so far in this process.
    What such a call would have cleaned up (a server_close() that never got to join a
    handler, say) is still there after the test: the plugin charges it to the deviation the
    call was ended for, not to the clause of that cleanup."""
    return _ended[0]


def use_interrupts_of(interruptible: Optional[Interruptible]) -> Callable[[], None]:
    """End hung ``BackgroundCall(..., interruptible=True)`` calls as ``interruptible`` says
    (the implementation's ``Implementation.interruptible``); returns what puts the previous
    way back (an in-process pytest run restores it)."""
    global _interruptible
    previous, _interruptible = _interruptible, interruptible

    def restore() -> None:
        global _interruptible
        _interruptible = previous
    return restore


def _native_id() -> Optional[int]:
    """The OS thread's id, which gevent and eventlet leave unpatched (None where unknown)."""
    get = getattr(threading, "get_native_id", None)
    return get() if get is not None else None


class BackgroundCall:
    """``fn()`` in a helper thread, started at once; the test looks at it with bounded waits.

    With a ``recorder``, the thread records ``<label>:enter`` before the call and
    ``<label>:exit`` (or ``<label>:raise``) after it, so tests can order it among other
    events.  ``after``, when given, runs in the helper thread the moment the call is over
    (returned or raised), before ``done`` is set; its result is ``after_result``.  ``then``,
    when given, runs once ``done`` is set (to wake whoever waits on something else).

    With ``watch_blocking``, ``wait_blocked()`` tells when the call has parked in a wait (a
    shutdown() that has started to wait has posted its request).  On OS threads a profile
    function in the helper thread sees it enter one of ``BLOCKING_CALLS``, so no thread listing
    is needed (``sys._current_frames()`` is CPython's, and shows no greenlets).  Where threads
    are greenlets (gevent, eventlet: the helper runs on the test's own OS thread), the helper
    runs only while the test waits and stops running only where it parks, so once it has
    started, the test waking up means it is parked; their compiled waits raise no profile event.

    With ``interruptible``, ``interrupt()`` can end a call that hung where nothing else can
    wake it, where the implementation says how (``use_interrupts_of``); it then raises
    ``CallInterrupted``, and ``error`` says so.
    """

    def __init__(self, fn: Callable[[], Any], *, name: str = "background-call", daemon: bool = True,
                 recorder: Optional[Recorder] = None, label: Optional[str] = None,
                 after: Optional[Callable[[], Any]] = None, watch_blocking: bool = False,
                 then: Optional[Callable[[], None]] = None, interruptible: bool = False) -> None:
        self.label = label or name
        self.error: Optional[BaseException] = None
        self.after_result: Any = None
        self.done = threading.Event()
        self.blocked = threading.Event()
        self._entered = threading.Event()
        self._native_id: Optional[int] = None
        self._watch = watch_blocking
        self.started_at = 0.0
        self.returned_at = 0.0
        self._interrupt: Optional[Callable[[], None]] = None
        if interruptible and _interruptible is not None:
            fn, self._interrupt = _interruptible(fn)
        self._fn, self._recorder, self._after, self._then = fn, recorder, after, then
        self.thread = threading.Thread(target=self._run, name=name, daemon=daemon)
        self.thread.start()

    def _record(self, phase: str, **data: Any) -> None:
        if self._recorder is not None:
            self._recorder.record(f"{self.label}:{phase}", **data)

    def _watching(self) -> Callable[..., None]:
        """A profile function for this helper thread that sets ``blocked`` at its first wait."""
        me = threading.get_ident()  # under gevent a greenlet's, so other greenlets are told apart

        def profile(frame: Any, event: str, arg: Any) -> None:
            if self.blocked.is_set() or threading.get_ident() != me:
                return
            if event == "call":
                name = frame.f_code.co_name
            elif event == "c_call":
                name = getattr(arg, "__name__", "")
            else:
                return
            if name in BLOCKING_CALLS:
                self.blocked.set()
        return profile

    def _run(self) -> None:
        previous = sys.getprofile()
        self._native_id = _native_id()
        self._entered.set()  # wakes no one before this greenlet parks: switching is cooperative
        try:
            self._record("enter")
            self.started_at = time.monotonic()
            if self._watch:
                sys.setprofile(self._watching())
            try:
                self._fn()
            except BaseException as exc:  # handed to the test, which judges it
                self.error = exc
                self._record("raise", exc=type(exc).__name__)
            else:
                self._record("exit")
            finally:
                if self._watch:
                    sys.setprofile(previous)
                    self.blocked.set()
                if self._after is not None:
                    self.after_result = self._after()
                self.returned_at = time.monotonic()
        finally:
            self.done.set()
            if self._then is not None:
                self._then()

    def wait_blocked(self, timeout: Optional[float] = None) -> bool:
        """True once the call has entered a blocking call or returned, within ``timeout``
        (the call must have been started with ``watch_blocking``)."""
        timeout = bounds.or_soon(timeout)
        if not self._watch:
            raise TypeError("wait_blocked() needs BackgroundCall(..., watch_blocking=True)")
        deadline = time.monotonic() + timeout
        if not self._entered.wait(timeout):
            return False
        if self._native_id is not None and self._native_id == _native_id():
            return True  # a greenlet on our OS thread: it ran until it parked (or returned)
        return self.blocked.wait(max(0.0, deadline - time.monotonic()))

    def interrupt(self) -> bool:
        """End a call still running, where it was started ``interruptible`` and the implementation
        says how; then wait (``bounds.cleanup``) for it to end.  True once it has ended."""
        if self._interrupt is not None and not self.done.is_set():
            self._interrupt()
            _ended[0] += 1
        return self.wait(bounds.cleanup)

    @property
    def interrupted(self) -> bool:
        """True when the call ended because ``interrupt()`` ended it."""
        return isinstance(self.error, CallInterrupted)

    def wait(self, timeout: Optional[float] = None) -> bool:
        """True when the call has returned (or raised) within ``timeout``."""
        timeout = bounds.or_soon(timeout)
        deadline = time.monotonic() + timeout
        if not self.done.wait(timeout):
            return False
        self.thread.join(max(0.0, deadline - time.monotonic()))  # only its last few lines are left
        return True

    @property
    def elapsed(self) -> float:
        """Seconds from the call's start to its return (meaningful once ``done`` is set)."""
        return self.returned_at - self.started_at

    def outcome(self) -> str:
        """How the call has ended so far, for messages: raised ..., returned, or hung."""
        if self.interrupted:
            return "hung (ended by the harness)"
        if self.error is not None:
            return f"raised {self.error!r}"
        return "returned" if self.done.is_set() else "hung"
