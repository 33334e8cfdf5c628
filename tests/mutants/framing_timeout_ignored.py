"""StreamRequestHandler that never applies its timeout to the request socket: a silent client
holds the handler for ever."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-12",)
SELECT = ("conformance/suite/test_framing.py::test_handler_timeout_ends_a_silent_connection",)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        wanted, self.timeout = self.timeout, None
        try:
            super().setup()
        finally:
            self.timeout = wanted


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
