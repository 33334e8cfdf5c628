"""ThreadingMixIn with a cap of two handler threads that silently drops (closes) any request
arriving while two handlers are busy, instead of serving it concurrently."""
import socketserver as _std
import threading

from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-2",)
SELECT = ("conformance/suite/test_threads.py::test_held_requests_run_concurrently_on_distinct_threads[tcp]",)


class ThreadingMixIn(_std.ThreadingMixIn):
    max_threads = 2

    def __init__(self, *args, **kwargs):
        self.busy_lock = threading.Lock()
        self.busy = 0
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with self.busy_lock:
            full = self.busy >= self.max_threads
            if not full:
                self.busy += 1
        if full:
            self.shutdown_request(request)  # the bug: over the cap, the request is just dropped
            return
        super().process_request(request, client_address)

    def finish_request(self, request, client_address):
        try:
            super().finish_request(request, client_address)
        finally:
            with self.busy_lock:
                self.busy -= 1


globals().update(mutant_api(ThreadingMixIn=ThreadingMixIn))
