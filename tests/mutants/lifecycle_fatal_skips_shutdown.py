"""Server that lets a BaseException escape without shutting the request down first."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-13",)
SELECT = ("conformance/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)


class TCPServer(_std.TCPServer):
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
        except Exception:
            self.handle_error(request, client_address)
            self.shutdown_request(request)
        # a BaseException leaves with the connection still open


globals().update(mutant_api(TCPServer=TCPServer))
