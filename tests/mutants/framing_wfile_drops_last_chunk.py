"""StreamRequestHandler whose wfile sends each write only when the next one comes (write-behind
without a final flush): the last chunk written is never sent."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-8",)
SELECT = ("conformance/suite/test_framing.py::test_wfile_delivers_everything_in_order_to_a_slow_reader",)


class _WriteBehind:
    def __init__(self, raw):
        self._raw, self._held = raw, None

    def write(self, data):
        if self._held is not None:
            self._raw.write(self._held)
        self._held = bytes(data)
        return len(self._held)

    def __getattr__(self, name):
        return getattr(self._raw, name)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.wfile = _WriteBehind(self.wfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
