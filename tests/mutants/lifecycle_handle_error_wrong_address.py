"""Server that reports a failed request to handle_error() with its own address, not the client's."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-6",)
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
        except Exception:
            self.handle_error(request, self.server_address)
            self.shutdown_request(request)
        except BaseException:
            self.shutdown_request(request)
            raise


globals().update(mutant_api(UDPServer=UDPServer))
