"""ThreadingMixIn whose thread registry only exists after a first request: server_close() before then raises."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-10",)
SELECT = ("conformance/suite/test_threads.py::test_server_close_without_any_request[tcp]",)

# server_close() reads the registry directly instead of through _live_threads(), which makes it.
globals().update(patched_reference(
    "        if self.block_on_close:  # THREAD-7\n"
    "            with self._live_lock():\n"
    "                waiting = list(self._live_threads())\n",
    "        registry = self._handler_threads  # the bug: AttributeError when no request ever came\n"
    "        if self.block_on_close:  # THREAD-7\n"
    "            with self._live_lock():\n"
    "                waiting = list(registry)\n"))
