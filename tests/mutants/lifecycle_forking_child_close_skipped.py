"""ForkingMixIn's child shuts its request down but leaves closing it to os._exit(): the
client reads EOF, yet once close_request() has returned in the child the request's socket
is still open there (a handler's cleanup that runs after it, or an atexit-like hook in a
runtime that does not exit at once, sees a live connection)."""
import os
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-24",)
SELECT = ("conformance/suite/test_lifecycle.py::test_finished_stream_request_socket_is_closed"
          "[unbuffered-forking-tcp]",)


class ForkingMixIn(_std.ForkingMixIn):
    def process_request(self, request, client_address):
        self.forked_from = os.getpid()
        super().process_request(request, client_address)

    def close_request(self, request):
        if os.getpid() != getattr(self, "forked_from", os.getpid()):
            return  # the bug: in the child, os._exit() will close it
        super().close_request(request)


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
