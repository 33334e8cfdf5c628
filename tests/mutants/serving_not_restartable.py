"""serve_forever() keeps the shutdown request after returning, so a second serve_forever() exits at once."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-7",)
SELECT = ("conformance/suite/test_serving.py::test_serve_forever_restarts_after_shutdown",)


class _StickyShutdown:
    _mutant_shut_down = False

    def serve_forever(self, poll_interval=0.5):
        if self._mutant_shut_down:
            return  # the bug: the earlier shutdown request still holds
        super().serve_forever(poll_interval)
        self._mutant_shut_down = True  # never cleared again


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_StickyShutdown, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
