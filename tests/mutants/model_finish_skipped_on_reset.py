"""Request handler that calls finish() only when handle() returns, so a reset client skips it."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("MODEL-2",)
SELECT = ("conformance/suite/test_model.py::test_threading_server_matches_model",)


class StreamRequestHandler(_std.StreamRequestHandler):
    def __init__(self, request, client_address, server):
        handle = self.handle

        def handle_or_skip_finish():
            try:
                handle()
            except BaseException:
                self.finish = lambda: None  # the bug: finish() is lost when handle() raises
                raise

        self.handle = handle_or_skip_finish
        super().__init__(request, client_address, server)


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
