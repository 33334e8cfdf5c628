"""ThreadingMixIn whose server_close() also waits for daemon handler threads."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-8",)
SELECT = ("conformance/suite/test_threads.py::test_server_close_waits_exactly_when_the_model_says[udp-daemon_threads]",)

globals().update(patched_reference(
    "        if not thread.daemon and self.block_on_close:  # THREAD-6, THREAD-8\n",
    "        if self.block_on_close:  # the bug: daemon threads are registered for joining too\n"))
