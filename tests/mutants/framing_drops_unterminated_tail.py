"""StreamRequestHandler whose rfile.readline() discards bytes after the last b'\\n' at EOF
(a line reader that only ever returns complete lines)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-4",)
SELECT = ("conformance/suite/test_framing.py::test_unterminated_last_line_comes_back_at_eof",)


class _CompleteLinesOnly:
    def __init__(self, raw):
        self._raw = raw

    def readline(self, *args):
        line = self._raw.readline(*args)
        return line if line.endswith(b"\n") else b""

    def __getattr__(self, name):
        return getattr(self._raw, name)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.rfile = _CompleteLinesOnly(self.rfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
