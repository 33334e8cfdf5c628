"""DatagramRequestHandler whose finish() sends nothing when the handler wrote nothing."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-21",)
SELECT = ("conformance/suite/test_framing.py::test_empty_reply_datagram_when_nothing_written",)


class DatagramRequestHandler(_std.DatagramRequestHandler):
    def finish(self):
        if self.wfile.getvalue():
            super().finish()


globals().update(mutant_api(DatagramRequestHandler=DatagramRequestHandler))
