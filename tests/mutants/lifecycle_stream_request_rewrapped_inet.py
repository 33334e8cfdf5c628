"""Stream servers that re-wrap each accepted connection as an AF_INET socket (an IPv4 assumption).

The fork detaches the accepted socket and builds a fresh ``socket.socket(AF_INET, SOCK_STREAM,
fileno=...)`` around the descriptor; that overrides the detected family, so on Unix stream (and
IPv6) servers the handler's ``self.request`` claims the wrong family and mis-decodes its peer.
"""
import socket
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-18",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_and_client_address_have_the_documented_shape[unix-stream]",)


class TCPServer(_std.TCPServer):
    def get_request(self):
        connection, client_address = self.socket.accept()
        # the bug: explicit family/type arguments win over what the descriptor really is
        return socket.socket(socket.AF_INET, socket.SOCK_STREAM, fileno=connection.detach()), client_address


class UnixStreamServer(TCPServer):
    address_family = socket.AF_UNIX


globals().update(mutant_api(TCPServer=TCPServer, UnixStreamServer=UnixStreamServer))
