"""serve_forever() 'drains' on shutdown: it handles every pending request before it exits."""
import selectors
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-5",)
SELECT = ("conformance/test_serving.py::test_requests_after_shutdown_wait_for_the_next_loop",)


class _DrainingLoop:
    def serve_forever(self, poll_interval=0.5):
        self._BaseServer__is_shut_down.clear()
        try:
            with _std._ServerSelector() as selector:
                selector.register(self, selectors.EVENT_READ)
                while True:
                    if self._BaseServer__shutdown_request:
                        while selector.select(0):  # the bug: serve latecomers before leaving
                            self._handle_request_noblock()
                        break
                    if selector.select(poll_interval) and not self._BaseServer__shutdown_request:
                        self._handle_request_noblock()
                    self.service_actions()
        finally:
            self._BaseServer__shutdown_request = False
            self._BaseServer__is_shut_down.set()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_DrainingLoop, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
