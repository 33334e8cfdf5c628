"""After forking, the parent forgets close_request() on its copy of the connection and leaves
it to the garbage collector (on CPython it is closed only when the last reference goes)."""

from tests.mutants._kit import patched_reference

CATCHES = ("FORK-17",)
SELECT = ("conformance/suite/test_forking.py::test_child_exit_status_reports_the_handler_outcome[tcp]",)

globals().update(patched_reference(
    "                self.close_request(request)  # type: ignore[attr-defined]\n                return\n",
    "                return  # the bug: the parent's copy is left open\n"))
