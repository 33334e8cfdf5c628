"""StreamRequestHandler that treats EOF on rfile as the end of the connection and shuts the
socket down both ways, so a half-closed client never gets its reply."""
import socket
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-11",)
SELECT = ("conformance/suite/test_framing.py::test_half_closed_client_still_reads_the_reply",)


class _HangUpOnEof:
    def __init__(self, sock, raw):
        self._sock, self._raw = sock, raw

    def read(self, *args):
        data = self._raw.read(*args)
        if not args or args[0] is None or args[0] < 0 or not data:
            self._sock.shutdown(socket.SHUT_RDWR)
        return data

    def __getattr__(self, name):
        return getattr(self._raw, name)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.rfile = _HangUpOnEof(self.connection, self.rfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
