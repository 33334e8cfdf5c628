"""ThreadingMixIn that remembers every handler thread it started and never forgets finished ones."""
import socketserver as _std
import threading

from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-9",)
SELECT = ("conformance/test_threads.py::test_finished_handler_threads_are_not_kept[tcp]",)


class ThreadingMixIn(_std.ThreadingMixIn):
    def process_request(self, request, client_address):
        worker = threading.Thread(target=self.process_request_thread, args=(request, client_address),
                                  daemon=self.daemon_threads)
        self.__dict__.setdefault("_started", []).append(worker)  # the bug: grows without bound
        worker.start()

    def server_close(self):
        super(_std.ThreadingMixIn, self).server_close()
        if self.block_on_close:
            for worker in self.__dict__.pop("_started", []):
                if not worker.daemon:
                    worker.join()


globals().update(mutant_api(ThreadingMixIn=ThreadingMixIn))
