"""serve_forever() calls handle_timeout() whenever an idle poll outlasts the server's timeout.

The reference's serving loop, re-written with the bug (reference/socketserver.py is ours).
"""
import os
import selectors

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-12",)
SELECT = ("conformance/suite/test_serving.py::test_serve_forever_ignores_timeout",)


class _TimeoutAwareLoop:
    def serve_forever(self, poll_interval=0.5):
        self._loop_idle.clear()
        with self._wake_lock:
            self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        wait = poll_interval if self.timeout is None else min(poll_interval, self.timeout)
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self, selectors.EVENT_READ, "request")
                selector.register(self._wake_r, selectors.EVENT_READ, "wake")
                while not self._stop_requested:
                    ready = {key.data for key, _ in selector.select(wait)}
                    if "wake" in ready:
                        self._drain_wakeups()
                    if self._stop_requested:
                        break
                    if "request" in ready:
                        self._handle_one_request()
                    elif self.timeout is not None:
                        self.handle_timeout()  # the bug
                    self.service_actions()
        finally:
            with self._wake_lock:
                os.close(self._wake_r)
                os.close(self._wake_w)
                self._wake_r = self._wake_w = -1
            self._stop_requested = False
            self._loop_idle.set()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(base="reference", **{n: type(n, (_TimeoutAwareLoop, getattr(_ref, n)), {})
                                                 for n in _SERVERS if hasattr(_ref, n)}))
