"""ForkingMixIn whose child returns from process_request() instead of exiting."""
import os

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("FORK-4",)
SELECT = ("conformance/suite/test_forking.py", "-k", "exit_status and tcp")


class ForkingMixIn(_ref.ForkingMixIn):
    # The reference's process_request, with the bug.
    def process_request(self, request, client_address):
        pid = os.fork()
        if pid:
            if self.active_children is None:
                self.active_children = set()
            self.active_children.add(pid)
            self.close_request(request)
            return
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
        # the bug: no os._exit(), the child goes back to the caller


globals().update(mutant_api(base="reference", ForkingMixIn=ForkingMixIn))
