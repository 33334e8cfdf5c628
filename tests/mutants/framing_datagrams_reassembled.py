"""DatagramRequestHandler that treats datagrams as a stream: each handler's rfile holds every
datagram received so far, not just its own."""
import socketserver as _std
from io import BytesIO

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-14",)
SELECT = ("conformance/suite/test_framing.py::test_one_handler_per_datagram",)


class DatagramRequestHandler(_std.DatagramRequestHandler):
    _so_far = b""

    def setup(self):
        super().setup()
        DatagramRequestHandler._so_far += self.packet
        self.rfile = BytesIO(DatagramRequestHandler._so_far)


globals().update(mutant_api(DatagramRequestHandler=DatagramRequestHandler))
