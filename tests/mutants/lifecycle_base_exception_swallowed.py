"""Server that swallows a BaseException from the handler (shuts the request down, carries on)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-11", "LIFE-12")
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",
          "conformance/suite/test_lifecycle.py::test_request_lifecycle_under_serve_forever[tcp]")


class TCPServer(_std.TCPServer):
    def process_request(self, request, client_address):
        try:
            super().process_request(request, client_address)
        except Exception:
            raise  # ordinary errors still reach the loop and handle_error()
        except BaseException:
            self.shutdown_request(request)  # the bug: ... and no re-raise


globals().update(mutant_api(TCPServer=TCPServer))
