"""Server that reports a failed request to handle_error() with its own address, not the client's."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-6",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[udp]",)


class UDPServer(_std.UDPServer):
    def process_request(self, request, client_address):
        try:
            super().process_request(request, client_address)
        except Exception:
            self.handle_error(request, self.server_address)  # the bug: the wrong address
            self.shutdown_request(request)


globals().update(mutant_api(UDPServer=UDPServer))
