"""DatagramRequestHandler whose rfile.readline() returns the whole rest of the datagram (a
reader that knows only 'read everything')."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-15",)
SELECT = ("conformance/suite/test_framing.py::test_datagram_rfile_is_a_readable_file",)


class _WholeReader:
    def __init__(self, raw):
        self._raw = raw

    def readline(self, *args):
        return self._raw.read()

    def __getattr__(self, name):
        return getattr(self._raw, name)


class DatagramRequestHandler(_std.DatagramRequestHandler):
    def setup(self):
        super().setup()
        self.rfile = _WholeReader(self.rfile)


globals().update(mutant_api(DatagramRequestHandler=DatagramRequestHandler))
