"""handle_request() goes on handling every request that is already pending, not just one."""
import selectors
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-13",)
SELECT = ("conformance/suite/test_serving.py::test_handle_request_handles_exactly_one",)


class _GreedyHandleRequest:
    def handle_request(self):
        result = super().handle_request()
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            while selector.select(0):  # the bug: drain whatever else is waiting
                super().handle_request()
        return result


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_GreedyHandleRequest, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
