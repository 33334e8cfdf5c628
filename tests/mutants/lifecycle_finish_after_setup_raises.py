"""Handler base that runs finish() even when setup() raised (setup inside the try)."""
from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-4",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)


class BaseRequestHandler(_ref.BaseRequestHandler):
    # The reference's __init__, with the bug.
    def __init__(self, request, client_address, server):
        self.request, self.client_address, self.server = request, client_address, server
        try:
            self.setup()
            self.handle()
        finally:
            self.finish()


globals().update(mutant_api(base="reference", BaseRequestHandler=BaseRequestHandler))
