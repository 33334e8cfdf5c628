"""shutdown() always waits for the end of a loop, even when none runs: called after
serve_forever() has returned, it hangs until some later serve_forever() ends.

The reference's shutdown(), edited to have the bug (reference/socketserver.py is ours).
Even the first shutdown(), of a running loop, can hang: when the loop, woken at once, has
already ended before the clear(), its end is the one being waited past (LOOP-1).  Which
clause fails first depends on that interleaving.
"""
from tests.mutants._kit import patched_reference

CATCHES = (("LOOP-21", "LOOP-1"),)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_between_loops_returns_and_ends_the_next_one",)

globals().update(patched_reference(
    "        self._loop_idle.wait()  # LOOP-1, LOOP-17: no lock held, a handler's thread may call it\n",
    "        self._loop_idle.clear()  # the bug: wait for the *next* end of a loop\n"
    "        self._loop_idle.wait()\n"))
