"""TCP and UDP servers that never set SO_REUSEPORT, whatever allow_reuse_port says."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-7",)
SELECT = ("conformance/suite/test_binding.py", "-k", "allow_reuse_port_sets_option")


def _bind_without_reuse_port(cls):
    def server_bind(self):
        wanted, self.allow_reuse_port = self.allow_reuse_port, False  # the bug: the flag is dropped
        try:
            super(cls, self).server_bind()
        finally:
            self.allow_reuse_port = wanted
    cls.server_bind = server_bind
    return cls


@_bind_without_reuse_port
class TCPServer(_std.TCPServer):
    pass


@_bind_without_reuse_port
class UDPServer(_std.UDPServer):
    pass


globals().update(mutant_api(TCPServer=TCPServer, UDPServer=UDPServer))
