"""ThreadingMixIn whose block_on_close defaults to false (the pre-3.7 behaviour)."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-11",)
SELECT = ("conformance/suite/test_api.py::test_block_on_close_default",)


class ThreadingMixIn(_std.ThreadingMixIn):
    block_on_close = False


globals().update(mutant_api(ThreadingMixIn=ThreadingMixIn))
