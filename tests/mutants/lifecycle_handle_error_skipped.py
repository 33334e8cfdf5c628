"""Server whose loop step shuts a failed request down without calling handle_error()."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-6",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)


class TCPServer(_std.TCPServer):
    def process_request(self, request, client_address):
        try:
            super().process_request(request, client_address)
        except Exception:
            self.shutdown_request(request)  # the bug: the error is dropped on the floor


globals().update(mutant_api(TCPServer=TCPServer))
