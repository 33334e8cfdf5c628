"""ForkingMixIn whose child always exits with status 1, even after a clean request."""
from tests.mutants._kit import patched_reference

CATCHES = ("FORK-2",)
SELECT = ("conformance/suite/test_forking.py", "-k", "exit_status and tcp")

globals().update(patched_reference(
    "                    os._exit(status)  # FORK-2, FORK-3, FORK-4: whatever happened, never returns\n",
    "                    os._exit(1)  # the bug: failure whatever happened\n"))
