"""ThreadingTCPServer built with TCPServer ahead of ThreadingMixIn (so requests are not threaded)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-4",)
SELECT = ("conformance/suite/test_api.py::test_predefined_servers_put_the_mixin_first",)


class ThreadingTCPServer(_std.TCPServer, _std.ThreadingMixIn):
    pass


globals().update(mutant_api(ThreadingTCPServer=ThreadingTCPServer))
