"""ForkingMixIn that never collects its children: exited children stay zombies."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FORK-6", "FORK-8")
SELECT = ("conformance/suite/test_forking.py", "-k", "(reaped_while_serving or handle_timeout) and tcp")


class ForkingMixIn(_std.ForkingMixIn):
    def collect_children(self, *, blocking=False):
        pass  # the bug: no waitpid at all


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
