"""TCPServer whose fileno is a property (server.fileno is an int) instead of a method."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-7",)
SELECT = ("conformance/suite/test_api.py::test_documented_methods_are_callable",)


class TCPServer(_std.TCPServer):
    @property
    def fileno(self):  # the bug: selectors call fileobj.fileno()
        return self.socket.fileno()


globals().update(mutant_api(TCPServer=TCPServer))
