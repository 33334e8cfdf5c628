"""TCPServer and UnixStreamServer whose accept closes every other connection already waiting in the queue."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("CLIENT-9", "CLIENT-10")
SELECT = ("conformance/suite/test_clients.py::test_sync_server_serves_queued_clients_one_at_a_time_in_order[tcp]",
          "conformance/suite/test_clients.py::test_burst_of_clients_beyond_the_queue_is_served_in_full[sync]")


def _accept_one_drop_rest(server):
    taken = server.socket.accept()
    server.socket.setblocking(False)
    try:
        while True:
            extra, _ = server.socket.accept()
            extra.close()  # "too busy": the waiting client is hung up on unserved
    except (BlockingIOError, InterruptedError):
        pass
    finally:
        server.socket.setblocking(True)
    return taken


class TCPServer(_std.TCPServer):
    def get_request(self):
        return _accept_one_drop_rest(self)


class UnixStreamServer(_std.UnixStreamServer):
    def get_request(self):
        return _accept_one_drop_rest(self)


globals().update(mutant_api(TCPServer=TCPServer, UnixStreamServer=UnixStreamServer))
