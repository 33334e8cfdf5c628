"""DatagramRequestHandler re-written as a standalone class that does not derive from BaseRequestHandler."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-5",)
SELECT = ("conformance/suite/test_api.py::test_handler_classes_derive_from_base",)


class DatagramRequestHandler:  # the bug: BaseRequestHandler is not among its bases
    def __init__(self, request, client_address, server):
        self.request = request
        self.client_address = client_address
        self.server = server
        self.setup()
        try:
            self.handle()
        finally:
            self.finish()

    setup = _std.DatagramRequestHandler.setup
    finish = _std.DatagramRequestHandler.finish

    def handle(self):
        pass


globals().update(mutant_api(DatagramRequestHandler=DatagramRequestHandler))
