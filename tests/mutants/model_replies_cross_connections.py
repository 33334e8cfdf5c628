"""StreamRequestHandler whose wfile writes to the most recently accepted connection, not its own."""
import io
import socketserver as _std

from tests.mutants._kit import mutant_api

# A reply written into another client's connection is seen either as a wrong reply (MODEL-1)
# or, when that write makes the victim's handler fail first, as a cut-short lifecycle (MODEL-2).
CATCHES = (("MODEL-1", "MODEL-2"),)
SELECT = ("conformance/suite/test_model.py::test_threading_server_matches_model",)

_newest = []  # the connection of the handler set up last, shared by every handler (the bug)


class _NewestConnectionWriter(io.BufferedIOBase):
    def writable(self):
        return True

    def write(self, data):
        _newest[-1].sendall(data)
        return len(data)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        _newest[:] = [self.connection]
        self.wfile.close()
        self.wfile = _NewestConnectionWriter()


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
