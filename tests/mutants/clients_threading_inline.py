"""ThreadingMixIn that handles each request inline in the serving thread: slow clients block everyone."""

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("CLIENT-3",)
SELECT = ("conformance/suite/test_clients.py::test_threading_server_answers_new_client_while_slow_clients_hang[tcp]",)


class ThreadingMixIn(_ref.ThreadingMixIn):
    def process_request(self, request, client_address):
        # The "thread" is never started: the request runs to completion right here.
        self._run_in_thread(request, client_address)


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
