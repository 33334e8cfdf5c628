"""handle_request() gives up after the timeout but never calls handle_timeout()."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-14",)
SELECT = ("conformance/suite/test_serving.py::test_handle_request_honours_timeout",)


class _SilentTimeout:
    def handle_request(self):
        # The stdlib's handle_request() with the hook shadowed by a no-op for this call only.
        self.handle_timeout = lambda: None
        try:
            return super().handle_request()
        finally:
            del self.handle_timeout


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_SilentTimeout, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
