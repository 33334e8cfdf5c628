"""ThreadingMixIn that remembers every handler thread it started and never forgets finished ones."""
import threading

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-9",)
SELECT = ("conformance/suite/test_threads.py::test_finished_handler_threads_are_not_kept[tcp]",)


class ThreadingMixIn(_ref.ThreadingMixIn):
    def process_request(self, request, client_address):
        worker = threading.Thread(target=self._run_in_thread, args=(request, client_address),
                                  daemon=self.daemon_threads)
        self.__dict__.setdefault("_started", []).append(worker)  # the bug: grows without bound
        worker.start()

    def server_close(self):
        super(_ref.ThreadingMixIn, self).server_close()
        if self.block_on_close:
            for worker in self.__dict__.pop("_started", []):
                if not worker.daemon:
                    worker.join()


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
