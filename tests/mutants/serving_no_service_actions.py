"""serve_forever() never calls service_actions()."""
import selectors
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-11",)
SELECT = ("conformance/test_serving.py::test_service_actions_runs_every_iteration",)


class _NoServiceActions:
    def serve_forever(self, poll_interval=0.5):
        self._BaseServer__is_shut_down.clear()
        try:
            with _std._ServerSelector() as selector:
                selector.register(self, selectors.EVENT_READ)
                while not self._BaseServer__shutdown_request:
                    ready = selector.select(poll_interval)
                    if self._BaseServer__shutdown_request:
                        break
                    if ready:
                        self._handle_request_noblock()
                    # the bug: no self.service_actions() here
        finally:
            self._BaseServer__shutdown_request = False
            self._BaseServer__is_shut_down.set()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_NoServiceActions, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
