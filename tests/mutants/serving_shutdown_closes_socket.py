"""shutdown() also closes the listening socket, so the server cannot be resumed and clients are refused."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-6",)
SELECT = ("conformance/suite/test_serving.py::test_serve_forever_restarts_after_shutdown",)


class _ClosingShutdown:
    def shutdown(self):
        super().shutdown()
        self.socket.close()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_ClosingShutdown, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
