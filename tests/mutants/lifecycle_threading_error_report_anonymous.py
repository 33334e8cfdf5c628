"""ThreadingMixIn reports a failed request under its thread's name: the default handle_error()
of a threading server prints the traceback, but not the client address it was given."""
import socketserver as _std
import sys
import threading
import traceback

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-9",)
SELECT = ("conformance/suite/test_lifecycle.py::test_default_handle_error_reports_to_stderr[threading-tcp]",)


class ThreadingMixIn(_std.ThreadingMixIn):
    def handle_error(self, request, client_address):
        print(f"{threading.current_thread().name}: request failed", file=sys.stderr)  # the bug: no address
        traceback.print_exc()


globals().update(mutant_api(ThreadingMixIn=ThreadingMixIn))
