"""ThreadingMixIn that, when a handler raises, keeps the request open until server_close()."""
import threading

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-12",)
SELECT = ("conformance/suite/test_threads.py::test_handler_errors_stay_in_the_handler_thread[tcp]",)


class ThreadingMixIn(_ref.ThreadingMixIn):
    # The reference's thread body, with the bug.
    def _run_in_thread(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
            # The bug: the failed request is parked instead of shut down.
            self.__dict__.setdefault("_failed_requests", []).append(request)
        else:
            self.shutdown_request(request)
        finally:
            with self._live_lock():
                self._live_threads().discard(threading.current_thread())

    def server_close(self):
        super().server_close()
        for request in self.__dict__.pop("_failed_requests", []):
            self.shutdown_request(request)


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
