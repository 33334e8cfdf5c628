"""serve_forever() starts by clearing the stop flag: a shutdown() that comes just before the
loop is entered (the loop thread not yet running) is lost, and the loop runs on.

The reference's serving loop, edited to have the bug (reference/socketserver.py is ours).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-23",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_racing_the_loop_start_stops_it",)

globals().update(patched_reference(
    "        self._loop_idle.clear()  # LOOP-1: running, so shutdown() of this (restarted) loop waits\n",
    "        self._stop_requested = False  # the bug: start 'clean', losing a stop asked for just now\n"
    "        self._loop_idle.clear()\n"))
