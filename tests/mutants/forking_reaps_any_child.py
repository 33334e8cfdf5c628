"""ForkingMixIn that sweeps with waitpid(-1): it also reaps children it did not fork."""
import os

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("FORK-11",)
SELECT = ("conformance/suite/test_forking.py", "-k", "only_its_own_children and tcp")


class ForkingMixIn(_ref.ForkingMixIn):
    # The reference's collect_children, with the bug.
    def collect_children(self, *, blocking=False):
        if not self.active_children:
            return
        while len(self.active_children) >= self.max_children:
            if not self._reap_any(block=True):
                return
        while self.active_children:
            if not self._reap_any(block=blocking):
                return

    def _reap_any(self, block):
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)  # the bug: any child at all
        except ChildProcessError:
            self.active_children.clear()  # no children left, ours included
            return False
        self.active_children.discard(pid)
        return bool(pid)


globals().update(mutant_api(base="reference", ForkingMixIn=ForkingMixIn))
