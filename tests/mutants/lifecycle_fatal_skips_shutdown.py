"""Server that lets a BaseException escape without shutting the request down first."""
from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-13",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)


class TCPServer(_ref.TCPServer):
    # The reference's request step, with the bug.
    def _handle_one_request(self):
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
        # the bug: a BaseException leaves with the connection still open


globals().update(mutant_api(base="reference", TCPServer=TCPServer))
