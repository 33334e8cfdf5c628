"""TCPServer that accepts every waiting connection at once and serves the newest first."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("CLIENT-2",)
SELECT = ("conformance/suite/test_clients.py::test_sync_server_serves_queued_clients_one_at_a_time_in_order[tcp]",)


class TCPServer(_std.TCPServer):
    def get_request(self):
        stash = self.__dict__.setdefault("_stash", [])
        stash.append(self.socket.accept())
        self.socket.setblocking(False)
        try:
            while True:
                stash.append(self.socket.accept())
        except (BlockingIOError, InterruptedError):
            pass
        finally:
            self.socket.setblocking(True)
        return stash.pop()  # last in, first out

    def service_actions(self):
        # Connections taken off the queue early are served from the stash, newest first.
        stash = self.__dict__.get("_stash", [])
        while stash:
            request, client_address = stash.pop()
            try:
                self.process_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
                self.shutdown_request(request)

    def server_close(self):
        for request, _ in self.__dict__.get("_stash", []):
            request.close()
        super().server_close()


globals().update(mutant_api(TCPServer=TCPServer))
