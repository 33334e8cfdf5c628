"""Handler base that runs finish() even when setup() raised (setup inside the try)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-4",)
SELECT = ("conformance/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)


class BaseRequestHandler(_std.BaseRequestHandler):
    def __init__(self, request, client_address, server):
        self.request, self.client_address, self.server = request, client_address, server
        try:
            self.setup()
            self.handle()
        finally:
            self.finish()


globals().update(mutant_api(BaseRequestHandler=BaseRequestHandler))
