"""UDPServer whose max_packet_size is 65535 (the largest datagram) instead of CPython's 8192."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-13",)
SELECT = ("conformance/suite/test_api.py::test_cpython_attribute_defaults",)


class UDPServer(_std.UDPServer):
    max_packet_size = 65535


globals().update(mutant_api(UDPServer=UDPServer))
