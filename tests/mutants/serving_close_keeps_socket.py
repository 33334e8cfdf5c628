"""server_close() forgets to close the listening socket."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-2",)
SELECT = ("conformance/suite/test_serving.py::test_server_close_closes_the_socket_and_may_repeat",)


class _LazyClose:
    def server_close(self):
        pass


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_LazyClose, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
