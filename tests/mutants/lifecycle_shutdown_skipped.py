"""Server whose process_request() never shuts the request down: connections are left open."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-15",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[unix-stream]",)


class UnixStreamServer(_std.UnixStreamServer):
    def process_request(self, request, client_address):
        self.finish_request(request, client_address)


globals().update(mutant_api(UnixStreamServer=UnixStreamServer))
