"""TCPServer with allow_reuse_port true by default (a fork that load-balances by default)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-12",)
SELECT = ("conformance/suite/test_api.py::test_allow_reuse_port_default",)


class TCPServer(_std.TCPServer):
    allow_reuse_port = True


globals().update(mutant_api(TCPServer=TCPServer))
