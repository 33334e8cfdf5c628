"""TCP and UDP servers that keep only (host, port) of the bound name, dropping IPv6's flowinfo and scope id."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-9",)
SELECT = ("conformance/suite/test_binding.py", "-k", "ipv6_servers")


def _two_tuple_address(cls):
    def server_bind(self):
        super(cls, self).server_bind()
        self.server_address = tuple(self.server_address[:2])  # the bug: assumes IPv4-shaped names
    cls.server_bind = server_bind
    return cls


@_two_tuple_address
class TCPServer(_std.TCPServer):
    pass


@_two_tuple_address
class UDPServer(_std.UDPServer):
    pass


globals().update(mutant_api(TCPServer=TCPServer, UDPServer=UDPServer))
