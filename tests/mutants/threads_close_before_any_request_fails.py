"""ThreadingMixIn whose thread registry only exists after a first request: server_close() before then raises."""
import threading

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-10",)
SELECT = ("conformance/suite/test_threads.py::test_server_close_without_any_request[tcp]",)


class ThreadingMixIn(_ref.ThreadingMixIn):
    def process_request(self, request, client_address):
        worker = threading.Thread(target=self._run_in_thread, args=(request, client_address),
                                  daemon=self.daemon_threads)
        pending = [t for t in getattr(self, "_pending", []) if t.is_alive()]
        if self.block_on_close and not worker.daemon:
            pending.append(worker)
        self._pending = pending
        worker.start()

    def server_close(self):
        super(_ref.ThreadingMixIn, self).server_close()
        for worker in self._pending:  # the bug: AttributeError when no request ever came
            worker.join()


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
