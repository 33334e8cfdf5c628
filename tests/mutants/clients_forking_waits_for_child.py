"""ForkingMixIn whose parent waits for each child to exit before accepting the next client."""
import os
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("CLIENT-4",)
SELECT = ("conformance/suite/test_clients.py::test_forking_server_answers_new_client_while_slow_clients_hang[tcp]",)


class ForkingMixIn(_std.ForkingMixIn):
    def process_request(self, request, client_address):
        super().process_request(request, client_address)
        # Only the parent returns here: reap the child at once, serialising every request.
        for pid in list(self.active_children or ()):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            self.active_children.discard(pid)


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
