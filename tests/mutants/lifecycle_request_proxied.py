"""Server whose process_request() hands finish_request() a wrapper around the accepted socket."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-17",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)


class _Connection:
    """Looks like the accepted socket, but is another object."""

    def __init__(self, sock):
        self._sock = sock

    def __getattr__(self, name):
        return getattr(self._sock, name)


class TCPServer(_std.TCPServer):
    def process_request(self, request, client_address):
        self.finish_request(_Connection(request), client_address)
        self.shutdown_request(request)


globals().update(mutant_api(TCPServer=TCPServer))
