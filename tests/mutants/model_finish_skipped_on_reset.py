"""Request handler that calls finish() only when handle() returns, so a reset client skips it."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("MODEL-2",)
SELECT = ("conformance/test_model.py::test_threading_server_matches_model",)


class StreamRequestHandler(_std.StreamRequestHandler):
    def __init__(self, request, client_address, server):
        self.request = request
        self.client_address = client_address
        self.server = server
        self.setup()
        self.handle()  # the bug: no try/finally, so finish() is lost when handle() raises
        self.finish()


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
