"""UnixStreamServer that reports an unbound (unnamed) client as client_address None instead of
the empty name the platform gives ('' on Linux)."""
import socket
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-22",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_and_client_address_have_the_documented_shape[unix-stream]",)


class UnixStreamServer(_std.UnixStreamServer):
    address_family = socket.AF_UNIX

    def get_request(self):
        request, client_address = super().get_request()
        return request, client_address or None  # the bug: "no name" normalised to None


globals().update(mutant_api(UnixStreamServer=UnixStreamServer))
