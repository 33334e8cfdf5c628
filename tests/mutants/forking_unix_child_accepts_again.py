"""ForkingUnixStreamServer (a 3.12 backport written pre-fork style) whose child accepts a
connection itself with get_request() and serves that one, instead of the connection the parent
accepted and forked it for: the client that was accepted gets no reply."""
import os

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("FORK-13",)
SELECT = ("conformance/suite/test_forking.py::test_each_request_runs_in_its_own_child[unix-stream]",)
CONFORMANCE_PYTHON = (3, 12)  # ForkingUnixStreamServer is 3.12 API


class ForkingUnixStreamServer(_ref.ForkingMixIn, _ref.UnixStreamServer):
    def process_request(self, request, client_address):
        pid = os.fork()
        if pid:
            if self.active_children is None:
                self.active_children = set()
            self.active_children.add(pid)
            self.close_request(request)
            return
        status = 1
        try:
            # the bug: the child takes "its" connection from the listener, ignoring `request`
            own_request, own_address = self.get_request()
            try:
                self.finish_request(own_request, own_address)
                status = 0
            finally:
                self.shutdown_request(own_request)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            try:
                self.shutdown_request(request)
            finally:
                os._exit(status)


globals().update(mutant_api(base="reference", ForkingUnixStreamServer=ForkingUnixStreamServer))
