"""shutdown() only asks the loop to stop and returns at once, without waiting for it to exit.

The reference's shutdown(), edited to have the bug (reference/socketserver.py is ours).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-1",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_waits_for_the_request_in_progress",)

globals().update(patched_reference(
    "        self._loop_idle.wait()  # LOOP-1, LOOP-17: no lock held, a handler's thread may call it\n",
    "        # the bug: no self._loop_idle.wait() -- returns while the loop may still be running\n"))
