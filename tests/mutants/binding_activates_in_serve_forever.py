"""TCPServer whose constructor binds but only starts listening when serve_forever() runs."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-1",)
SELECT = ("conformance/suite/test_binding.py::test_constructor_binds_and_activates",)


class TCPServer(_std.TCPServer):
    def __init__(self, server_address, RequestHandlerClass, bind_and_activate=True):
        super().__init__(server_address, RequestHandlerClass, False)
        if bind_and_activate:
            self.server_bind()

    def serve_forever(self, poll_interval=0.5):
        self.server_activate()
        super().serve_forever(poll_interval)


globals().update(mutant_api(TCPServer=TCPServer))
