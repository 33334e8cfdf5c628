"""ForkingMixIn whose server_close() never waits for children (block_on_close ignored)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FORK-9",)
SELECT = ("conformance/suite/test_forking.py", "-k", "waits_for_children_by_default and tcp")


class ForkingMixIn(_std.ForkingMixIn):
    def server_close(self):
        super(_std.ForkingMixIn, self).server_close()  # closes the socket
        self.collect_children(blocking=False)  # the bug: never blocks


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
