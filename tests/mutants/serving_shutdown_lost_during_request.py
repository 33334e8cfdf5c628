"""serve_forever() forgets a shutdown() requested while it was handling a request.

Built on the reference: its loop's request step clears the reference's own stop flag.
"""
from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-4",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_waits_for_the_request_in_progress",)


class _ForgetfulLoop:
    def _handle_one_request(self):
        super()._handle_one_request()
        self._stop_requested = False  # a shutdown() asked for meanwhile is lost


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(base="reference", **{n: type(n, (_ForgetfulLoop, getattr(_ref, n)), {})
                                                 for n in _SERVERS if hasattr(_ref, n)}))
