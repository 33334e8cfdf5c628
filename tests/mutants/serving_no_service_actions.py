"""serve_forever() never calls service_actions().

The reference's serving loop, re-written with the bug (reference/socketserver.py is ours).
"""
import os
import selectors

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-11",)
SELECT = ("conformance/suite/test_serving.py::test_service_actions_runs_every_iteration",)


class _NoServiceActions:
    def serve_forever(self, poll_interval=0.5):
        self._loop_idle.clear()
        with self._wake_lock:
            self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self, selectors.EVENT_READ, "request")
                selector.register(self._wake_r, selectors.EVENT_READ, "wake")
                while not self._stop_requested:
                    ready = {key.data for key, _ in selector.select(poll_interval)}
                    if "wake" in ready:
                        self._drain_wakeups()
                    if self._stop_requested:
                        break
                    if "request" in ready:
                        self._handle_one_request()
                    # the bug: no self.service_actions() here
        finally:
            with self._wake_lock:
                os.close(self._wake_r)
                os.close(self._wake_w)
                self._wake_r = self._wake_w = -1
            self._stop_requested = False
            self._loop_idle.set()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(base="reference", **{n: type(n, (_NoServiceActions, getattr(_ref, n)), {})
                                                 for n in _SERVERS if hasattr(_ref, n)}))
