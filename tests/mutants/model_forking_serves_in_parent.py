"""ForkingMixIn that never forks: every request is handled inside the server's own process."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("MODEL-4",)
SELECT = ("conformance/suite/test_model.py::test_forking_server_matches_model",)


class ForkingMixIn(_std.ForkingMixIn):
    def process_request(self, request, client_address):
        _std.BaseServer.process_request(self, request, client_address)  # the bug: no os.fork()


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
