"""TCPServer whose __enter__ forgets to return the server ('with server as s' binds None)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-8",)
SELECT = ("conformance/suite/test_api.py", "-k", "closing_context_manager and tcp")


class TCPServer(_std.TCPServer):
    def __enter__(self):
        pass  # the bug: no 'return self'


globals().update(mutant_api(TCPServer=TCPServer))
