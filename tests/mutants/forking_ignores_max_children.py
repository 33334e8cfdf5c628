"""ForkingMixIn that forks without limit: max_children is ignored."""
from tests.mutants._kit import patched_reference

CATCHES = ("FORK-7",)
SELECT = ("conformance/suite/test_forking.py", "-k", "max_children and tcp")

globals().update(patched_reference(
    "            while len(self.active_children) >= self.max_children:  # FORK-7\n"
    "                self._wait_for_any_child()  # at the cap: the first of ours to finish frees a slot\n"
    "                for pid in list(self.active_children):\n"
    "                    self._reap(pid, block=False)\n",
    "            # The bug: no waiting while at max_children, just the sweep of exited children.\n"))
