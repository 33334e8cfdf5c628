"""handle_request() waits for the larger of the socket's timeout and self.timeout, not the smaller.

The reference's handle_request(), re-written with the bug (reference/socketserver.py is ours).
"""
import selectors

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-15",)
SELECT = ("conformance/suite/test_serving.py::test_handle_request_gives_up_after_the_smaller_timeout",)


class _PatientHandleRequest:
    def handle_request(self):
        timeout = self.timeout
        socket_timeout = self.socket.gettimeout()
        if socket_timeout is not None:
            timeout = socket_timeout if timeout is None else max(timeout, socket_timeout)  # the bug
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.handle_timeout()
                return
        self._handle_one_request()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(base="reference", **{n: type(n, (_PatientHandleRequest, getattr(_ref, n)), {})
                                                 for n in _SERVERS if hasattr(_ref, n)}))
