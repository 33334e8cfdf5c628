"""StreamRequestHandler whose rfile forgets a partial line when the rest comes in a later recv()."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("MODEL-1",)
SELECT = ("conformance/suite/test_model.py::test_threading_server_matches_model",)


class _ForgetfulReader:
    """Reads lines straight from the socket; a line split across recv() calls loses its start."""

    def __init__(self, connection, original):
        self._connection = connection
        self._original = original
        self._buffer = b""
        self.closed = False

    def readline(self, size=-1):
        while b"\n" not in self._buffer:
            chunk = self._connection.recv(65536)
            if not chunk:
                line, self._buffer = self._buffer, b""
                return line
            self._buffer = chunk  # the bug: should be self._buffer + chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line + b"\n"

    def close(self):
        self.closed = True
        self._original.close()


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        self.rfile = _ForgetfulReader(self.connection, self.rfile)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
