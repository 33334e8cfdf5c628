"""TCP server that gives handlers the client address as a 'host:port' string."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-20",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_and_client_address_have_the_documented_shape[tcp]",)


class TCPServer(_std.TCPServer):
    def get_request(self):
        connection, (host, port) = self.socket.accept()
        return connection, f"{host}:{port}"


globals().update(mutant_api(TCPServer=TCPServer))
