"""collect_children() forgets that active_children is None until the first fork: an idle
forking server fails in handle_timeout() and service_actions() before it has served anyone."""

from tests.mutants._kit import patched_reference

CATCHES = ("FORK-15",)
SELECT = ("conformance/suite/test_forking.py::test_a_server_with_no_children_yet_idles_and_closes",)

globals().update(patched_reference(
    "            if not self.active_children:\n                return\n",
    "            if self.active_children is not None and not self.active_children:\n"
    "                return  # the bug: None (nothing forked yet) falls through to len(None)\n"))
