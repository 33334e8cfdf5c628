"""Server that lets a BaseException escape without shutting the request down first."""
from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-13",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)

globals().update(patched_reference(
    "            self.shutdown_request(request)\n            raise\n",
    "            raise  # the bug: a BaseException leaves with the connection still open\n"))
