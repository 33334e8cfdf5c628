"""ThreadingMixIn whose server_close() also waits for daemon handler threads."""
import threading

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-8",)
SELECT = ("conformance/suite/test_threads.py::test_server_close_waits_exactly_when_the_model_says[udp-daemon_threads]",)


class ThreadingMixIn(_ref.ThreadingMixIn):
    def process_request(self, request, client_address):
        worker = threading.Thread(target=self._run_in_thread, args=(request, client_address),
                                  daemon=self.daemon_threads)
        if self.block_on_close:  # the bug: daemon threads are registered for joining too
            live = [t for t in self.__dict__.get("_workers", []) if t.is_alive()]
            self._workers = live + [worker]
        worker.start()

    def server_close(self):
        super(_ref.ThreadingMixIn, self).server_close()
        for worker in self.__dict__.pop("_workers", []):
            worker.join()


globals().update(mutant_api(base="reference", ThreadingMixIn=ThreadingMixIn))
