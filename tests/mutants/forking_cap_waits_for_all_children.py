"""At max_children the server waits for *every* running child instead of the first one to
finish: one long request holds up all new ones even though slots are free."""

from tests.mutants._kit import patched_reference

CATCHES = ("FORK-7",)
SELECT = ("conformance/suite/test_forking.py::test_a_waiting_request_starts_when_any_child_finishes",)

globals().update(patched_reference(
    "                self._wait_for_any_child()  # at the cap: the first of ours to finish frees a slot\n",
    "                for pid in list(self.active_children):  # the bug: waits for them all\n"
    "                    self._reap(pid, block=True)\n"))
