"""ForkingMixIn that forks without limit: max_children is ignored."""
from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("FORK-7",)
SELECT = ("conformance/suite/test_forking.py", "-k", "max_children and tcp")


class ForkingMixIn(_ref.ForkingMixIn):
    # The reference's collect_children, with the bug.
    def collect_children(self, *, blocking=False):
        if not self.active_children:
            return
        # The bug: no waiting while at max_children, just the sweep of exited children.
        for pid in list(self.active_children):
            self._reap(pid, block=blocking)


globals().update(mutant_api(base="reference", ForkingMixIn=ForkingMixIn))
