"""ForkingMixIn that never forks: requests are handled in the server's own process."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FORK-1",)
SELECT = ("conformance/suite/test_forking.py", "-k", "own_child and tcp and not tcp6")


class ForkingMixIn(_std.ForkingMixIn):
    def process_request(self, request, client_address):
        _std.BaseServer.process_request(self, request, client_address)  # the bug: no fork


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
