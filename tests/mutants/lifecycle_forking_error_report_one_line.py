"""ForkingMixIn's children report a failed request in one line (the exception's repr), so
that reports of concurrent children do not interleave: the traceback the default
handle_error() must print is lost on a forking server."""
import os
import socketserver as _std
import sys

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-8",)
SELECT = ("conformance/suite/test_lifecycle.py::test_default_handle_error_reports_to_stderr[forking-tcp]",)


class ForkingMixIn(_std.ForkingMixIn):
    def handle_error(self, request, client_address):
        print(f"child {os.getpid()}: request from {client_address} failed: {sys.exc_info()[1]!r}",
              file=sys.stderr)  # the bug: no traceback


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
