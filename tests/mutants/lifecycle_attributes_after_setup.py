"""Handler base that calls setup() before storing request, client_address and server."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-1",)
SELECT = ("conformance/test_lifecycle.py::test_request_lifecycle_under_handle_request[unix-stream]",)


class BaseRequestHandler(_std.BaseRequestHandler):
    def __init__(self, request, client_address, server):
        self.setup()
        self.request, self.client_address, self.server = request, client_address, server
        try:
            self.handle()
        finally:
            self.finish()


globals().update(mutant_api(BaseRequestHandler=BaseRequestHandler))
