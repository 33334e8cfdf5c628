"""TCPServer (a "synchronous" class) that quietly handles each request in a new thread."""
import socketserver as _std
import threading

from tests.mutants._kit import mutant_api

CATCHES = ("CLIENT-1",)
SELECT = ("conformance/test_clients.py::test_sync_server_serves_queued_clients_one_at_a_time_in_order[tcp]",)


class TCPServer(_std.TCPServer):
    def process_request(self, request, client_address):
        worker = threading.Thread(target=self._serve_one, args=(request, client_address))
        self.__dict__.setdefault("_workers", []).append(worker)
        worker.start()

    def _serve_one(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def server_close(self):
        super().server_close()
        for worker in self.__dict__.get("_workers", []):
            worker.join()


globals().update(mutant_api(TCPServer=TCPServer))
