"""server_close() raises when called on a server that is already closed."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-8",)
SELECT = ("conformance/suite/test_serving.py::test_server_close_closes_the_socket_and_may_repeat",)


class _StrictClose:
    def server_close(self):
        if getattr(self, "_mutant_closed", False):
            raise OSError("server already closed")
        self._mutant_closed = True
        super().server_close()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_StrictClose, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
