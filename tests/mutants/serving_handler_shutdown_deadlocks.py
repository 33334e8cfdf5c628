"""ThreadingMixIn serialises requests and loop housekeeping on one lock, so a handler's shutdown() deadlocks.

The lock gives up after a few seconds so the stuck threads end and the run can finish.
"""
import socketserver as _std
import threading

from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-17",)
SELECT = ("conformance/suite/test_serving.py::test_handler_may_shut_down_a_threading_server",)

_GIVE_UP = 3.0


class ThreadingMixIn(_std.ThreadingMixIn):
    _mutant_lock = threading.Lock()

    def finish_request(self, request, client_address):  # runs in the request's thread
        got = self._mutant_lock.acquire(timeout=_GIVE_UP)
        try:
            super().finish_request(request, client_address)
        finally:
            if got:
                self._mutant_lock.release()

    def service_actions(self):
        if self._mutant_lock.acquire(timeout=_GIVE_UP):
            self._mutant_lock.release()
        super().service_actions()


globals().update(mutant_api(ThreadingMixIn=ThreadingMixIn))
