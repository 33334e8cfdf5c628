"""ForkingMixIn that sweeps with waitpid(-1): it also reaps children it did not fork."""
from tests.mutants._kit import patched_reference

CATCHES = ("FORK-11",)
SELECT = ("conformance/suite/test_forking.py", "-k", "only_its_own_children and tcp")

# Each reaping call waits for any child at all and forgets whichever pid it got back.
globals().update(patched_reference([
    ("                done, _ = os.waitpid(pid, 0 if block else os.WNOHANG)\n",
     "                done, _ = os.waitpid(-1, 0 if block else os.WNOHANG)  # the bug: any child at all\n"),
    ("                self.active_children.discard(pid)  # type: ignore[union-attr]\n",
     "                self.active_children.discard(done)  # type: ignore[union-attr]\n"),
]))
