"""The context manager's __exit__ does not call server_close()."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-9", "LOOP-10")
SELECT = ("conformance/suite/test_serving.py", "-k", "with_block")


class _LeakyExit:
    def __exit__(self, *exc_info):
        return None


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_LeakyExit, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
