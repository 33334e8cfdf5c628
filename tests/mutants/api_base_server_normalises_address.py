"""BaseServer that stores str(server_address) instead of the address it was given."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-6",)
SELECT = ("conformance/suite/test_api.py::test_constructor_stores_its_arguments",)


class BaseServer(_std.BaseServer):
    def __init__(self, server_address, RequestHandlerClass):
        super().__init__(server_address, RequestHandlerClass)
        self.server_address = str(server_address)


globals().update(mutant_api(BaseServer=BaseServer))
