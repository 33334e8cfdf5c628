"""collect_children() reaps a finished child but leaves its pid in active_children until some
later pass notices it is gone: the server over-counts its children (and reaches max_children
early) in between."""

from tests.mutants._kit import patched_reference

CATCHES = ("FORK-18",)
SELECT = ("conformance/suite/test_forking.py::test_active_children_lists_only_uncollected_children",)

globals().update(patched_reference(
    "            if done:\n                self.active_children.discard(pid)  # type: ignore[union-attr]\n",
    "            if done == pid and block:  # the bug: only a blocking pass forgets what it reaped\n"
    "                self.active_children.discard(pid)  # type: ignore[union-attr]\n"))
