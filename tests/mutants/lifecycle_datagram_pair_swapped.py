"""UDP server handing handlers (socket, data) instead of (data, socket)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-19",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_and_client_address_have_the_documented_shape[udp]",)


class UDPServer(_std.UDPServer):
    def get_request(self):
        data, client_address = self.socket.recvfrom(self.max_packet_size)
        return (self.socket, data), client_address


globals().update(mutant_api(UDPServer=UDPServer))
