"""UnixDatagramServer derived from UnixStreamServer (with a datagram socket type bolted on)."""
import socket
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-3",)
SELECT = ("conformance/suite/test_api.py::test_server_inheritance_diagram",)


class UnixDatagramServer(_std.UnixStreamServer):
    socket_type = socket.SOCK_DGRAM
    max_packet_size = 8192
    get_request = _std.UDPServer.get_request
    server_activate = _std.UDPServer.server_activate
    shutdown_request = _std.UDPServer.shutdown_request
    close_request = _std.UDPServer.close_request


globals().update(mutant_api(UnixDatagramServer=UnixDatagramServer))
