"""ThreadingMixIn whose server_close() joins non-daemon handler threads even with block_on_close false."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-7",)
SELECT = ("conformance/suite/test_threads.py::test_server_close_waits_exactly_when_the_model_says[unix-stream-block_on_close_false]",)

# the bug: block_on_close is never consulted, neither to register a thread nor to join it
globals().update(patched_reference([
    ("        if not thread.daemon and self.block_on_close:  # THREAD-6, THREAD-8\n",
     "        if not thread.daemon:\n"),
    ("        if self.block_on_close:  # THREAD-7\n",
     "        if True:\n"),
]))
