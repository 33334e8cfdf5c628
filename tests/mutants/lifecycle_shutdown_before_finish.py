"""Server whose process_request() shuts the request down before handing it to finish_request()."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-16",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_serve_forever[udp]",)


class UDPServer(_std.UDPServer):
    def process_request(self, request, client_address):
        self.shutdown_request(request)
        self.finish_request(request, client_address)


globals().update(mutant_api(UDPServer=UDPServer))
