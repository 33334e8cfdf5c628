"""StreamRequestHandler whose wfile writes b'\\n' as b'\\r\\n' (a 'text mode' writer)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-6",)
SELECT = ("conformance/suite/test_framing.py::test_every_byte_value_passes_untranslated",)


class _CrlfWriter:
    def __init__(self, raw):
        self._raw = raw

    def write(self, data):
        self._raw.write(bytes(data).replace(b"\n", b"\r\n"))
        return memoryview(data).nbytes

    def __getattr__(self, name):
        return getattr(self._raw, name)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.wfile = _CrlfWriter(self.wfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
