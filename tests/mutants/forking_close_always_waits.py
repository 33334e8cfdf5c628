"""ForkingMixIn whose server_close() always waits for children (block_on_close ignored)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FORK-10",)
SELECT = ("conformance/suite/test_forking.py", "-k", "does_not_wait_without_block_on_close and tcp")


class ForkingMixIn(_std.ForkingMixIn):
    def server_close(self):
        super(_std.ForkingMixIn, self).server_close()
        self.collect_children(blocking=True)


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
