"""Handler base that calls finish() only when handle() returned normally (no try/finally)."""
from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-3",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)


class BaseRequestHandler(_ref.BaseRequestHandler):
    # The reference's __init__, with the bug.
    def __init__(self, request, client_address, server):
        self.request, self.client_address, self.server = request, client_address, server
        self.setup()
        self.handle()
        self.finish()  # skipped whenever handle() raises


globals().update(mutant_api(base="reference", BaseRequestHandler=BaseRequestHandler))
