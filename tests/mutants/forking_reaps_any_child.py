"""ForkingMixIn that sweeps with waitpid(-1): it also reaps children it did not fork."""
import os
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FORK-11",)
SELECT = ("conformance/test_forking.py", "-k", "only_its_own_children and tcp")


class ForkingMixIn(_std.ForkingMixIn):
    def collect_children(self, *, blocking=False):
        if self.active_children is None:
            return
        while self.active_children:
            try:
                pid, _ = os.waitpid(-1, 0 if blocking else os.WNOHANG)  # the bug: any child
            except ChildProcessError:
                self.active_children.clear()
                return
            if not pid:
                return
            self.active_children.discard(pid)


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
