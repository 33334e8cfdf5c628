"""TCPServer that binds and listens in the constructor even with bind_and_activate=False."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-3",)
SELECT = ("conformance/suite/test_binding.py::test_deferred_bind_and_activate",)


class TCPServer(_std.TCPServer):
    def __init__(self, server_address, RequestHandlerClass, bind_and_activate=True):
        super().__init__(server_address, RequestHandlerClass, True)

    def server_bind(self):
        if self.socket.getsockname()[1] == 0:  # tolerate the second, explicit call
            super().server_bind()


globals().update(mutant_api(TCPServer=TCPServer))
