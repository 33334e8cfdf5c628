"""StreamRequestHandler that ignores rbufsize and hands out the raw socket file as rfile:
read(n) then returns whatever one recv() brought, short of n bytes before EOF."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-5",)
SELECT = ("conformance/suite/test_framing.py::test_read_n_returns_n_bytes_unless_eof",)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.rfile.close()
        self.rfile = self.connection.makefile("rb", 0)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
