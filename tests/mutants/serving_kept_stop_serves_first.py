"""serve_forever() first looks at the stop flag at the end of a pass: a loop entered with a
shutdown() already waiting for it handles a request that is waiting before it returns.

The reference's serving loop, edited into a 'do ... while not stopped' loop (ours to edit).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-20",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_before_the_first_loop_waits_for_it",)

globals().update(patched_reference([
    ("                while not self._stop_requested:\n",
     "                while True:  # the bug: the flag is first read at the end of a pass\n"),
    ("                    if self._stop_requested:  # LOOP-5: a request that woke a stopping loop waits\n"
     "                        break\n", ""),
    ("                    self.service_actions()  # LOOP-11: after each request and when idle\n",
     "                    self.service_actions()\n"
     "                    if self._stop_requested:\n"
     "                        break\n"),
]))
