"""StreamRequestHandler whose rfile.readline(limit) ignores the limit and returns a whole line."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-20",)
SELECT = ("conformance/suite/test_framing.py::test_readline_limit_is_honoured",)


class _NoLimitReader:
    def __init__(self, raw):
        self._raw = raw

    def readline(self, limit=-1):
        return self._raw.readline()

    def __getattr__(self, name):
        return getattr(self._raw, name)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.rfile = _NoLimitReader(self.rfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
