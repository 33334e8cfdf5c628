"""Server whose default handle_error() prints the traceback to stdout rather than stderr."""
import socketserver as _std
import sys
import traceback

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-8",)
SELECT = ("conformance/suite/test_lifecycle.py::test_default_handle_error_reports_to_stderr[tcp]",)


class TCPServer(_std.TCPServer):
    def handle_error(self, request, client_address):
        print("request from", client_address, "failed", file=sys.stdout)
        traceback.print_exc(file=sys.stdout)


globals().update(mutant_api(TCPServer=TCPServer))
