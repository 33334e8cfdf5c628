"""ThreadingMixIn whose process_request() starts the request's thread and then waits for it."""
import threading

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-3",)  # the held-concurrency test reports it on THREAD-3, the clause the bug breaks
SELECT = ("conformance/suite/test_threads.py::test_held_requests_run_concurrently_on_distinct_threads[tcp]",
          "conformance/suite/test_threads.py::test_serving_goes_on_while_a_handler_is_held[tcp]")


class ThreadingMixIn(_ref.ThreadingMixIn):
    def process_request(self, request, client_address):
        worker = threading.Thread(target=self._run_in_thread, args=(request, client_address),
                                  daemon=self.daemon_threads)
        worker.start()
        worker.join()  # the bug: the loop waits for the handler, so requests are served one by one


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
