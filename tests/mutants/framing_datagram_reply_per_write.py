"""DatagramRequestHandler whose wfile sends every write as its own datagram at once, instead of
one reply datagram at finish()."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-17",)
SELECT = ("conformance/suite/test_framing.py::test_reply_is_one_datagram_of_all_writes",)


class _DatagramPerWrite:
    def __init__(self, sock, address):
        self._sock, self._address, self.sent = sock, address, False

    def write(self, data):
        self._sock.sendto(bytes(data), self._address)
        self.sent = True
        return len(data)


class DatagramRequestHandler(_std.DatagramRequestHandler):
    def setup(self):
        super().setup()
        self.wfile = _DatagramPerWrite(self.socket, self.client_address)

    def finish(self):
        if not self.wfile.sent:
            self.socket.sendto(b"", self.client_address)


globals().update(mutant_api(DatagramRequestHandler=DatagramRequestHandler))
