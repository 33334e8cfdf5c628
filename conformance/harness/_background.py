"""A call run in a helper thread of the test's, so the test can watch it and never hang on it.

Only ``threading`` is used (its Thread and Event), never OS-thread internals, so the helper
works where gevent or eventlet have patched threading into greenlets.  Every wait on it
takes a timeout.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable, Optional

from socketserver_conformance.harness._events import Recorder
from socketserver_conformance.harness._violations import SOON


class BackgroundCall:
    """``fn()`` in a helper thread, started at once; the test looks at it with bounded waits.

    With a ``recorder``, the thread records ``<label>:enter`` before the call and
    ``<label>:exit`` (or ``<label>:raise``) after it, so tests can order it among other
    events.  ``after``, when given, runs in the helper thread the moment the call is over
    (returned or raised), before ``done`` is set; its result is ``after_result``.
    """

    def __init__(self, fn: Callable[[], Any], *, name: str = "background-call", daemon: bool = True,
                 recorder: Optional[Recorder] = None, label: Optional[str] = None,
                 after: Optional[Callable[[], Any]] = None) -> None:
        self.label = label or name
        self.error: Optional[BaseException] = None
        self.after_result: Any = None
        self.done = threading.Event()
        self.started_at = 0.0
        self.returned_at = 0.0
        self._fn, self._recorder, self._after = fn, recorder, after
        self.thread = threading.Thread(target=self._run, name=name, daemon=daemon)
        self.thread.start()

    def _record(self, phase: str, **data: Any) -> None:
        if self._recorder is not None:
            self._recorder.record(f"{self.label}:{phase}", **data)

    def _run(self) -> None:
        try:
            self._record("enter")
            self.started_at = time.monotonic()
            try:
                self._fn()
            except BaseException as exc:  # handed to the test, which judges it
                self.error = exc
                self._record("raise", exc=type(exc).__name__)
            else:
                self._record("exit")
            finally:
                if self._after is not None:
                    self.after_result = self._after()
                self.returned_at = time.monotonic()
        finally:
            self.done.set()

    def wait(self, timeout: float = SOON) -> bool:
        """True when the call has returned (or raised) within ``timeout``."""
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
        if self.error is not None:
            return f"raised {self.error!r}"
        return "returned" if self.done.is_set() else "hung"
