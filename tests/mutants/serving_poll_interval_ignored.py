"""serve_forever() ignores its poll_interval and checks for shutdown only once a second."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-3",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_stops_the_loop_promptly",)


class _SlowPoll:
    def serve_forever(self, poll_interval=0.5):
        super().serve_forever(1.0)


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_SlowPoll, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
