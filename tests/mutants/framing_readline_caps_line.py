"""StreamRequestHandler whose rfile.readline() silently caps a line at 64 KiB (a hidden default
limit): longer lines come back split into several pieces."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-3",)
SELECT = ("conformance/suite/test_framing.py::test_lines_longer_than_any_buffer_come_back_whole",)


class _CappedReader:
    def __init__(self, raw):
        self._raw = raw

    def readline(self, limit=-1):
        return self._raw.readline(65536 if limit is None or limit < 0 else limit)

    def __iter__(self):
        return iter(self.readline, b"")

    def __getattr__(self, name):
        return getattr(self._raw, name)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.rfile = _CappedReader(self.rfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
