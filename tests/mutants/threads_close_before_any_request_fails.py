"""ThreadingMixIn whose thread registry only exists after a first request: server_close() before then raises."""
import socketserver as _std
import threading

from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-10",)
SELECT = ("conformance/test_threads.py::test_server_close_without_any_request[tcp]",)


class ThreadingMixIn(_std.ThreadingMixIn):
    def process_request(self, request, client_address):
        worker = threading.Thread(target=self.process_request_thread, args=(request, client_address),
                                  daemon=self.daemon_threads)
        pending = [t for t in getattr(self, "_pending", []) if t.is_alive()]
        if self.block_on_close and not worker.daemon:
            pending.append(worker)
        self._pending = pending
        worker.start()

    def server_close(self):
        super(_std.ThreadingMixIn, self).server_close()
        for worker in self._pending:  # the bug: AttributeError when no request ever came
            worker.join()


globals().update(mutant_api(ThreadingMixIn=ThreadingMixIn))
