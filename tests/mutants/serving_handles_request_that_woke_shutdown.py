"""A polling serve_forever() that checks the stop flag only at the top of its loop: a request
arriving while the loop waits, after shutdown() was asked for, is still handled.

The reference's serving loop, edited to ignore its wake-up pipe (as a fork that polls).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-5",)
SELECT = ("conformance/suite/test_serving.py::test_request_that_wakes_a_stopping_loop_is_not_handled",)

globals().update(patched_reference([
    ("                selector.register(self._wake_r, selectors.EVENT_READ, \"wake\")\n",
     "                pass  # a fork that polls: the wake-up pipe is never watched\n"),
    ("                    if self._stop_requested:  # LOOP-5: a request that woke a stopping loop waits\n"
     "                        break\n",
     "                    # the bug: no second look at the flag\n"),
]))
