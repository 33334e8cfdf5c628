"""TCPServer whose server_bind() leaves server_address as requested (port 0 stays 0)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-2",)
SELECT = ("conformance/suite/test_binding.py::test_constructor_binds_and_activates", "-k", "tcp")


class TCPServer(_std.TCPServer):
    def server_bind(self):
        requested = self.server_address
        super().server_bind()
        self.server_address = requested


globals().update(mutant_api(TCPServer=TCPServer))
