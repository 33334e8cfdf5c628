"""TCPServer whose request_queue_size default is 1 instead of 5."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-10",)
SELECT = ("conformance/suite/test_api.py::test_documented_attribute_defaults",)


class TCPServer(_std.TCPServer):
    request_queue_size = 1


globals().update(mutant_api(TCPServer=TCPServer))
