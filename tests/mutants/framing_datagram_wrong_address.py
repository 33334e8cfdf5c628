"""DatagramRequestHandler that remembers the first client's address and sends every reply
there (a cached 'peer')."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-18",)
SELECT = ("conformance/suite/test_framing.py::test_reply_goes_to_the_sender",)


class DatagramRequestHandler(_std.DatagramRequestHandler):
    _peer = None

    def finish(self):
        if DatagramRequestHandler._peer is None:
            DatagramRequestHandler._peer = self.client_address
        self.socket.sendto(self.wfile.getvalue(), DatagramRequestHandler._peer)


globals().update(mutant_api(DatagramRequestHandler=DatagramRequestHandler))
