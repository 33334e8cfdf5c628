"""StreamRequestHandler whose wfile.write() sends everything but returns None, not the count."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-7",)
SELECT = ("conformance/suite/test_framing.py::test_write_returns_the_byte_count",)


class _SilentWriter:
    def __init__(self, raw):
        self._raw = raw

    def write(self, data):
        self._raw.write(data)

    def __getattr__(self, name):
        return getattr(self._raw, name)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.wfile = _SilentWriter(self.wfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
