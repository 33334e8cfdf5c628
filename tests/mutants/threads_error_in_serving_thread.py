"""ThreadingMixIn that reports handler errors from the serving loop (service_actions) instead of the handler's thread."""
import queue
import threading

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-11",)
SELECT = ("conformance/suite/test_threads.py::test_handler_errors_stay_in_the_handler_thread[tcp]",)


class ThreadingMixIn(_ref.ThreadingMixIn):
    # The reference's thread body, with the bug.
    def _run_in_thread(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self._failures().put((request, client_address))  # the bug: deferred to the loop
        else:
            self.shutdown_request(request)
        finally:
            with self._live_lock():
                self._live_threads().discard(threading.current_thread())

    def _failures(self):
        return self.__dict__.setdefault("_failed", queue.SimpleQueue())

    def service_actions(self):
        super().service_actions()
        failures = self._failures()
        while not failures.empty():
            request, client_address = failures.get()
            self.handle_error(request, client_address)
            self.shutdown_request(request)


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
