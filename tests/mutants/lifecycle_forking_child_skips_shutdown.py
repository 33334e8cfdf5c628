"""ForkingMixIn's child only closes its request instead of shutting it down (it is about to
exit anyway): while any other descriptor of the connection stays open (one the handler
duplicated, a process it started), the client never reads EOF."""
import os
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-27",)
SELECT = ("conformance/suite/test_lifecycle.py::test_client_reads_eof_while_a_duplicate_is_held[forking-tcp]",)


class ForkingMixIn(_std.ForkingMixIn):
    def process_request(self, request, client_address):
        self.forked_from = os.getpid()
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        if os.getpid() != getattr(self, "forked_from", os.getpid()):
            self.close_request(request)  # the bug: no shutdown(SHUT_WR) in the child
            return
        super().shutdown_request(request)


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
