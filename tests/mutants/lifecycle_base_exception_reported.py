"""Server that sends every BaseException to handle_error() (the pre-3.6 bare except)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-10",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[udp]",)


class UDPServer(_std.UDPServer):
    def process_request(self, request, client_address):
        try:
            super().process_request(request, client_address)
        except Exception:
            raise  # the loop reports these itself
        except BaseException:  # the bug: a fatal error is reported and swallowed like an ordinary one
            self.handle_error(request, client_address)
            self.shutdown_request(request)


globals().update(mutant_api(UDPServer=UDPServer))
