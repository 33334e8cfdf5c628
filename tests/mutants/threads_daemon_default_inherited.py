"""ThreadingMixIn whose daemon_threads defaults to None, meaning "unset": handler threads are
created with daemon=None and so inherit the daemon flag of the thread running serve_forever()."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-5",)
SELECT = ("conformance/suite/test_threads.py::test_daemon_threads_decides_the_handler_threads_daemon_flag[tcp]",)

globals().update(patched_reference([
    ("    daemon_threads = False  # API-10, THREAD-5\n",
     "    daemon_threads = None  # the bug: \"not set\" instead of False\n"),
    ("        thread = threading.Thread(target=self._run_in_thread, args=(request, client_address))\n"
     "        thread.daemon = self.daemon_threads  # THREAD-4, THREAD-5\n",
     "        # daemon=None makes threading.Thread copy the creating (serving) thread's flag.\n"
     "        thread = threading.Thread(target=self._run_in_thread, args=(request, client_address),\n"
     "                                  daemon=self.daemon_threads)\n"),
]))
