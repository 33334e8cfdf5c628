"""serve_forever() forgets a shutdown() requested while it was handling a request."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-4",)
SELECT = ("conformance/test_serving.py::test_shutdown_waits_for_the_request_in_progress",)


class _ForgetfulLoop:
    def _handle_request_noblock(self):
        super()._handle_request_noblock()
        self._BaseServer__shutdown_request = False  # a request made meanwhile is lost


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_ForgetfulLoop, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
