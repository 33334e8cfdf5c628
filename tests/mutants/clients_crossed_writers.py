"""StreamRequestHandler whose wfile writes to the most recently accepted connection (a shared 'current client')."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("CLIENT-5",)
SELECT = ("conformance/suite/test_clients.py::test_threading_server_answers_new_client_while_slow_clients_hang[tcp]",)

_current = {}


class _LatestWriter:
    """Writes go to whichever connection the server accepted last, not to this handler's own."""

    closed = False

    def write(self, data):
        return _current["writer"].write(data)

    def flush(self):
        pass

    def close(self):
        self.closed = True


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        super().setup()
        _current["writer"] = self.wfile
        self._own_wfile = self.wfile
        self.wfile = _LatestWriter()

    def finish(self):
        super().finish()
        self._own_wfile.close()


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
