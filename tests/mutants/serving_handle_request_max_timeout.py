"""handle_request() waits for the larger of the socket's timeout and self.timeout, not the smaller."""
import selectors
import socketserver as _std
import time

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-15",)
SELECT = ("conformance/test_serving.py::test_handle_request_gives_up_after_the_smaller_timeout",)


class _PatientHandleRequest:
    def handle_request(self):
        timeout = self.socket.gettimeout()
        if timeout is None:
            timeout = self.timeout
        elif self.timeout is not None:
            timeout = max(timeout, self.timeout)  # the bug
        deadline = None if timeout is None else time.monotonic() + timeout
        with _std._ServerSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            while True:
                if selector.select(timeout):
                    return self._handle_request_noblock()
                if deadline is not None:
                    timeout = deadline - time.monotonic()
                    if timeout < 0:
                        return self.handle_timeout()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(**{n: type(n, (_PatientHandleRequest, getattr(_std, n)), {})
                               for n in _SERVERS if hasattr(_std, n)}))
