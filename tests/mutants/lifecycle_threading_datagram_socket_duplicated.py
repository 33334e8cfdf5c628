"""ThreadingMixIn hands each datagram handler its own duplicate of the server's socket (so
that replies from concurrent threads use separate socket objects): self.request[1] is no
longer the server's socket."""
import socket
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-19",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_and_client_address_have_the_documented_shape"
          "[threading-udp]",)


class ThreadingMixIn(_std.ThreadingMixIn):
    def finish_request(self, request, client_address):
        if isinstance(request, tuple) and isinstance(request[1], socket.socket):
            copy = request[1].dup()  # the bug: a duplicate instead of the server's socket
            try:
                return super().finish_request((request[0], copy), client_address)
            finally:
                copy.close()
        return super().finish_request(request, client_address)


globals().update(mutant_api(ThreadingMixIn=ThreadingMixIn))
