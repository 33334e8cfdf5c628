"""ForkingMixIn whose child returns from process_request() instead of exiting."""
from tests.mutants._kit import patched_reference

CATCHES = ("FORK-4",)
SELECT = ("conformance/suite/test_forking.py", "-k", "exit_status and tcp")

globals().update(patched_reference(
    "                    os._exit(status)  # FORK-2, FORK-3, FORK-4: whatever happened, never returns\n",
    "                    pass  # the bug: no os._exit(), the child goes back to the caller\n"))
