"""ThreadingMixIn whose daemon_threads default is True."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-10",)
SELECT = ("conformance/suite/test_api.py::test_documented_attribute_defaults",)


class ThreadingMixIn(_std.ThreadingMixIn):
    daemon_threads = True


globals().update(mutant_api(ThreadingMixIn=ThreadingMixIn))
