"""shutdown() always waits for the end of a loop, even when none runs: called after
serve_forever() has returned, it hangs until some later serve_forever() ends.

The reference's shutdown(), edited to have the bug (reference/socketserver.py is ours).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-21",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_between_loops_returns_and_ends_the_next_one",)

globals().update(patched_reference(
    "        self._loop_idle.wait()  # LOOP-1, LOOP-17: no lock held, a handler's thread may call it\n",
    "        self._loop_idle.clear()  # the bug: wait for the *next* end of a loop\n"
    "        self._loop_idle.wait()\n"))
