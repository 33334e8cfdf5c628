"""shutdown() only asks the loop to stop and returns at once, without waiting for it to exit."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-1",)
SELECT = ("conformance/test_serving.py::test_shutdown_waits_for_the_request_in_progress",)


class _ImpatientShutdown:
    def shutdown(self):
        self._BaseServer__shutdown_request = True  # the stdlib's own flag; no waiting afterwards


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_ImpatientShutdown, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
