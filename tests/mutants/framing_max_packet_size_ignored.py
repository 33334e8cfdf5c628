"""UDPServer (and UnixDatagramServer) that reads datagrams with a fixed 64 KiB buffer instead
of max_packet_size: long datagrams are not cut."""
import socket
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-16",)
SELECT = ("conformance/suite/test_framing.py::test_datagrams_are_cut_to_max_packet_size",)


class UDPServer(_std.UDPServer):
    def get_request(self):
        wanted, self.max_packet_size = self.max_packet_size, 65536  # the bug
        try:
            return super().get_request()
        finally:
            self.max_packet_size = wanted


class UnixDatagramServer(UDPServer):
    address_family = getattr(socket, "AF_UNIX", None)


globals().update(mutant_api(UDPServer=UDPServer, UnixDatagramServer=UnixDatagramServer))
