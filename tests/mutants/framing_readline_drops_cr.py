"""StreamRequestHandler whose rfile drops b'\\r' bytes (a 'text mode' fork): newline translation."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-1",)
SELECT = ("conformance/suite/test_framing.py::test_readline_yields_client_lines",)


class _StrippingReader:
    def __init__(self, raw):
        self._raw = raw

    def readline(self, *args):
        return self._raw.readline(*args).replace(b"\r", b"")

    def __getattr__(self, name):
        return getattr(self._raw, name)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.rfile = _StrippingReader(self.rfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
