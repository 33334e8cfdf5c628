"""ThreadingMixIn whose daemon_threads defaults to None, meaning "unset": handler threads are
created with daemon=None and so inherit the daemon flag of the thread running serve_forever()."""
import threading

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-5",)
SELECT = ("conformance/suite/test_threads.py::test_daemon_threads_decides_the_handler_threads_daemon_flag[tcp]",)


class ThreadingMixIn(_ref.ThreadingMixIn):
    daemon_threads = None  # the bug: "not set" instead of False

    def process_request(self, request, client_address):
        # daemon=None makes threading.Thread copy the creating (serving) thread's flag.
        thread = threading.Thread(target=self._run_in_thread, args=(request, client_address),
                                  daemon=self.daemon_threads)
        if not thread.daemon and self.block_on_close:
            with self._live_lock():
                self._live_threads().add(thread)
        thread.start()


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
