"""TCPServer (a "synchronous" class) that quietly handles each request in a new thread."""
import socketserver as _std
import threading

from tests.mutants._kit import mutant_api

CATCHES = ("CLIENT-1",)
SELECT = ("conformance/suite/test_clients.py::test_sync_server_serves_queued_clients_one_at_a_time_in_order[tcp]",)


class TCPServer(_std.TCPServer):
    def process_request(self, request, client_address):
        # The bug: the synchronous process_request() runs in a thread of its own.
        worker = threading.Thread(target=self._serve_one, args=(request, client_address))
        self.__dict__.setdefault("_workers", []).append(worker)
        worker.start()

    def _serve_one(self, request, client_address):
        try:
            super().process_request(request, client_address)
        except Exception:  # what the serving loop would have done with the error
            self.handle_error(request, client_address)
            self.shutdown_request(request)

    def server_close(self):
        super().server_close()
        for worker in self.__dict__.get("_workers", []):
            worker.join()


globals().update(mutant_api(TCPServer=TCPServer))
