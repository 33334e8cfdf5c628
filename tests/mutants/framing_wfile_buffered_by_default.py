"""StreamRequestHandler that buffers wfile even when wbufsize is 0: replies wait for finish(),
so a request/reply exchange deadlocks until the client gives up."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-9",)
SELECT = ("conformance/suite/test_framing.py::test_unbuffered_wfile_replies_before_handle_returns",)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        if self.wbufsize == 0:
            self.wfile = self.connection.makefile("wb", -1)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
