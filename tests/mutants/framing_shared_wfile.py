"""StreamRequestHandler that keeps wfile in one class-wide slot: under a threading server every
handler writes to the most recent connection."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-19",)
SELECT = ("conformance/suite/test_framing.py::test_concurrent_connections_keep_their_bytes_apart",)


class StreamRequestHandler(_std.StreamRequestHandler):
    _writer = None

    @property
    def wfile(self):
        return StreamRequestHandler._writer

    @wfile.setter
    def wfile(self, value):
        StreamRequestHandler._writer = value


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
