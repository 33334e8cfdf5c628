"""Server whose default handle_error() prints the traceback but not the client's address."""
import socketserver as _std
import sys
import traceback

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-9",)
SELECT = ("conformance/suite/test_lifecycle.py::test_default_handle_error_reports_to_stderr[udp]",)


class UDPServer(_std.UDPServer):
    def handle_error(self, request, client_address):
        print("a request failed", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)


globals().update(mutant_api(UDPServer=UDPServer))
