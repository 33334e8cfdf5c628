"""ForkingMixIn that forks without limit: max_children is ignored."""
import os
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FORK-7",)
SELECT = ("conformance/test_forking.py", "-k", "max_children and tcp")


class ForkingMixIn(_std.ForkingMixIn):
    def collect_children(self, *, blocking=False):
        # The bug: no waiting while at max_children, just the sweep of exited children.
        for pid in list(self.active_children or ()):
            try:
                done, _ = os.waitpid(pid, 0 if blocking else os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                self.active_children.discard(pid)


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
