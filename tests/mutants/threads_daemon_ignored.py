"""ThreadingMixIn that never sets the handler thread's daemon flag (it inherits the loop's)."""
import threading

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-4",)
SELECT = ("conformance/suite/test_threads.py::test_daemon_threads_decides_the_handler_threads_daemon_flag[tcp]",)


class ThreadingMixIn(_ref.ThreadingMixIn):
    block_on_close = False  # keeps the mutant to one bug: no thread registry to get wrong

    def process_request(self, request, client_address):
        # daemon_threads ignored: threading.Thread copies the creating thread's daemon flag.
        threading.Thread(target=self._run_in_thread, args=(request, client_address)).start()


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
