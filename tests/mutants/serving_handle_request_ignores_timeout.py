"""handle_request() ignores self.timeout and waits for a request forever (socket timeout only)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-14",)
SELECT = ("conformance/suite/test_serving.py::test_handle_request_honours_timeout",)


class _TimelessHandleRequest:
    def handle_request(self):
        saved = self.timeout
        self.timeout = None  # the bug: only the socket's own timeout counts
        try:
            return super().handle_request()
        finally:
            self.timeout = saved


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_TimelessHandleRequest, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
