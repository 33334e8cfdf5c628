"""StreamRequestHandler whose rfile.readline() returns after one recv(): a line that arrives in
delayed segments comes back in pieces (data is not lost, but line boundaries are)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-2",)
SELECT = ("conformance/suite/test_framing.py::test_readline_waits_for_the_rest_of_a_line",)


class _OneRecvReader:
    """Keeps a buffer, but when it holds no newline it returns whatever one recv() brought."""

    def __init__(self, sock, raw):
        self._sock, self._raw, self._buf = sock, raw, b""

    def readline(self, limit=-1):
        if b"\n" not in self._buf:
            self._buf += self._sock.recv(65536)
        cut = self._buf.find(b"\n")
        end = len(self._buf) if cut < 0 else cut + 1
        line, self._buf = self._buf[:end], self._buf[end:]
        return line

    def __getattr__(self, name):
        return getattr(self._raw, name)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.rfile = _OneRecvReader(self.connection, self.rfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
