"""shutdown() called before serve_forever() was ever entered returns at once: the 'loop has
ended' event starts set, so a caller whose loop thread has not yet reached serve_forever()
goes on (to server_close(), say) while that loop is still to start.

The reference's constructor, edited to have the bug (reference/socketserver.py is ours).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-19",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_before_the_first_loop_waits_for_it",)

globals().update(patched_reference(
    "        self._loop_idle = threading.Event()\n",
    "        self._loop_idle = threading.Event()\n"
    "        self._loop_idle.set()  # the bug: 'no loop runs' taken to mean 'the loop has ended'\n"))
