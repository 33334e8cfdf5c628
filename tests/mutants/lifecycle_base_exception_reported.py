"""Server that sends every BaseException to handle_error() (the pre-3.6 bare except)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-10",)
SELECT = ("conformance/test_lifecycle.py::test_request_lifecycle_under_handle_request[udp]",)


class UDPServer(_std.UDPServer):
    def _handle_request_noblock(self):
        try:
            request, client_address = self.get_request()
        except OSError:
            return
        if not self.verify_request(request, client_address):
            self.shutdown_request(request)
            return
        try:
            self.process_request(request, client_address)
        except BaseException:
            self.handle_error(request, client_address)
            self.shutdown_request(request)


globals().update(mutant_api(UDPServer=UDPServer))
