"""ThreadingMixIn that never sets the handler thread's daemon flag (it inherits the loop's)."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-4",)
SELECT = ("conformance/suite/test_threads.py::test_daemon_threads_decides_the_handler_threads_daemon_flag[tcp]",)

globals().update(patched_reference(
    "        thread.daemon = self.daemon_threads  # THREAD-4, THREAD-5\n",
    "        # daemon_threads ignored: threading.Thread copies the creating thread's daemon flag.\n"))
