"""ThreadingMixIn that handles every request inline, in the serving thread (no thread at all)."""

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-1",)
SELECT = ("conformance/suite/test_threads.py::test_each_request_runs_in_its_own_new_thread[tcp]",)


class ThreadingMixIn(_ref.ThreadingMixIn):
    def process_request(self, request, client_address):
        # The thread body, called directly: the loop is deaf while a handler runs.
        self._run_in_thread(request, client_address)


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
