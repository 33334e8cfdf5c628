"""UDPServer (and UnixDatagramServer) that reads datagrams with a fixed 64 KiB buffer instead
of max_packet_size: long datagrams are not cut."""
import socket
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-16",)
SELECT = ("conformance/test_framing.py::test_datagrams_are_cut_to_max_packet_size",)


class UDPServer(_std.UDPServer):
    def get_request(self):
        data, client_addr = self.socket.recvfrom(65536)
        return (data, self.socket), client_addr


class UnixDatagramServer(UDPServer):
    address_family = getattr(socket, "AF_UNIX", None)


globals().update(mutant_api(UDPServer=UDPServer, UnixDatagramServer=UnixDatagramServer))
