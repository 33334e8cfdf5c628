"""StreamRequestHandler with its own write buffer for wbufsize != 0 that finish() never flushes:
whatever the buffer still holds when handle() returns is lost."""
import io
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-10",)
SELECT = ("conformance/suite/test_framing.py::test_finish_flushes_a_buffered_wfile",)


class _Buffer:
    def __init__(self, sock, size):
        self._sock, self._size, self._held, self.closed = sock, size, b"", False

    def write(self, data):
        self._held += bytes(data)
        if len(self._held) >= self._size:
            self.flush()
        return len(data)

    def flush(self):
        self._sock.sendall(self._held)
        self._held = b""

    def close(self):
        self.closed = True


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        if self.wbufsize != 0:
            self.wfile.close()
            size = io.DEFAULT_BUFFER_SIZE if self.wbufsize < 0 else self.wbufsize
            self.wfile = _Buffer(self.connection, size)

    def finish(self):
        self.wfile.close()  # the bug: no flush() first
        self.rfile.close()


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
