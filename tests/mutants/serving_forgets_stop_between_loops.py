"""serve_forever() drops a stop left over from an earlier run: a shutdown() made after the
loop had returned is forgotten when serving resumes, so the next serve_forever() runs on
(a fork 'fixing' CPython's kept stop; on a new server a waiting shutdown() still counts).

The reference's serving loop, edited to have the bug (reference/socketserver.py is ours).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-22",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_between_loops_returns_and_ends_the_next_one",)

globals().update(patched_reference(
    "        self._loop_idle.clear()  # LOOP-1: running, so shutdown() of this (restarted) loop waits\n",
    "        if self._loop_idle.is_set():  # the bug: a loop ran before, so a stop still set is stale\n"
    "            self._stop_requested = False\n"
    "        self._loop_idle.clear()\n"))
