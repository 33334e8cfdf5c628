"""A polling serve_forever() that never marks itself as running: once a loop has stopped,
shutdown() of a restarted loop returns at once, while that loop is still waiting in its poll
(CPython would be broken this way without the clear() of its 'is shut down' event).

The reference's serving loop, edited to ignore its wake-up pipe (as a fork that polls).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-1",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_waits_for_a_restarted_loop",)

globals().update(patched_reference([
    ("        self._loop_idle.clear()  # LOOP-1: running, so shutdown() of this (restarted) loop waits\n",
     "        # the bug: no self._loop_idle.clear() here\n"),
    ("                selector.register(self._wake_r, selectors.EVENT_READ, \"wake\")\n",
     "                pass  # a fork that polls: the wake-up pipe is never watched\n"),
]))
