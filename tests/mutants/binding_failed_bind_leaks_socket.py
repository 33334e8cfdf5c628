"""TCPServer whose constructor does not close its socket when binding fails."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-5",)
SELECT = ("conformance/suite/test_binding.py::test_failed_bind_closes_socket",)


class TCPServer(_std.TCPServer):
    def __init__(self, server_address, RequestHandlerClass, bind_and_activate=True):
        super().__init__(server_address, RequestHandlerClass, bind_and_activate=False)
        if bind_and_activate:
            self.server_bind()  # no clean-up on failure: the socket stays open
            self.server_activate()


globals().update(mutant_api(TCPServer=TCPServer))
