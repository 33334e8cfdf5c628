"""TCPServer that hands handlers its own address as client_address instead of the peer's."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-12",)
SELECT = ("conformance/suite/test_binding.py::test_client_address_is_the_peer_name",)


class TCPServer(_std.TCPServer):
    def get_request(self):
        request, _peer = super().get_request()
        return request, self.server_address


globals().update(mutant_api(TCPServer=TCPServer))
