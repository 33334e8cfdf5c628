"""TCPServer that, finding several connections queued, serves the newest first (LIFO, not FIFO)."""
import socket
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("MODEL-3",)
SELECT = ("conformance/suite/test_model.py::test_sync_server_serialises_in_arrival_order",)


class TCPServer(_std.TCPServer):
    def __init__(self, *args, **kwargs):
        self._held = []  # older connections put aside for later
        super().__init__(*args, **kwargs)

    def get_request(self):
        request = super().get_request()
        self.socket.setblocking(False)
        try:
            while True:
                self._held.append(request)
                request = self.socket.accept()  # the bug: a newer arrival jumps the queue
        except (BlockingIOError, socket.timeout):
            return self._held.pop()
        finally:
            self.socket.setblocking(True)

    def service_actions(self):
        super().service_actions()
        while self._held:  # serve what was put aside, newest first
            request, client_address = self._held.pop()
            try:
                self.process_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
                self.shutdown_request(request)

    def server_close(self):
        super().server_close()
        while self._held:
            self._held.pop()[0].close()


globals().update(mutant_api(TCPServer=TCPServer))
