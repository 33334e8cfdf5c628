"""handle_request() with no timeout anywhere falls back to a short default and gives up."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-16",)
SELECT = ("conformance/suite/test_serving.py::test_handle_request_without_timeout_waits_for_a_request",)


class _DefaultTimeout:
    def handle_request(self):
        if self.timeout is None and self.socket.gettimeout() is None:
            self.timeout = 0.01  # the bug: "never wait forever"
            try:
                return super().handle_request()
            finally:
                self.timeout = None
        return super().handle_request()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_DefaultTimeout, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
