"""serve_forever() calls handle_timeout() whenever an idle poll outlasts the server's timeout."""
import selectors
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-12",)
SELECT = ("conformance/test_serving.py::test_serve_forever_ignores_timeout",)


class _TimeoutAwareLoop:
    def serve_forever(self, poll_interval=0.5):
        self._BaseServer__is_shut_down.clear()
        wait = poll_interval if self.timeout is None else min(poll_interval, self.timeout)
        try:
            with _std._ServerSelector() as selector:
                selector.register(self, selectors.EVENT_READ)
                while not self._BaseServer__shutdown_request:
                    ready = selector.select(wait)
                    if self._BaseServer__shutdown_request:
                        break
                    if ready:
                        self._handle_request_noblock()
                    elif self.timeout is not None:
                        self.handle_timeout()  # the bug
                    self.service_actions()
        finally:
            self._BaseServer__shutdown_request = False
            self._BaseServer__is_shut_down.set()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_TimeoutAwareLoop, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
