"""serve_forever() 'drains' on shutdown: it handles every pending request before it exits.

The reference's serving loop, re-written with the bug (reference/socketserver.py is ours).
"""
import os
import selectors

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-5",)
SELECT = ("conformance/suite/test_serving.py::test_requests_after_shutdown_wait_for_the_next_loop",)


class _DrainingLoop:
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
                    self.service_actions()
                # the bug: before leaving, serve every request that is already waiting
                while any(key.data == "request" for key, _ in selector.select(0)):
                    self._handle_one_request()
        finally:
            with self._wake_lock:
                os.close(self._wake_r)
                os.close(self._wake_w)
                self._wake_r = self._wake_w = -1
            self._stop_requested = False
            self._loop_idle.set()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(base="reference", **{n: type(n, (_DrainingLoop, getattr(_ref, n)), {})
                                                 for n in _SERVERS if hasattr(_ref, n)}))
