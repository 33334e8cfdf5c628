"""TCP and UDP servers that cut every client_address down to (host, port), dropping IPv6's
flowinfo and scope_id (an IPv4-shaped normalisation of the peer address)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-21",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_and_client_address_have_the_documented_shape[tcp6]",)


class TCPServer(_std.TCPServer):
    def get_request(self):
        request, client_address = super().get_request()
        return request, tuple(client_address[:2])  # the bug: assumes (host, port) for every family


class UDPServer(_std.UDPServer):
    def get_request(self):
        request, client_address = super().get_request()
        return request, tuple(client_address[:2])


globals().update(mutant_api(TCPServer=TCPServer, UDPServer=UDPServer))
