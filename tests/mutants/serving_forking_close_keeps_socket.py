"""ForkingMixIn.server_close() waits for its children but forgets to chain to the server's
own server_close(): a closed forking server keeps its listening socket open."""

from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-2",)
SELECT = ("conformance/suite/test_serving.py::test_server_close_closes_the_socket_and_may_repeat[forking]",)

globals().update(patched_reference(
    "            super().server_close()  # type: ignore[misc]  # LOOP-2\n",
    "            # the bug: no super().server_close(), so the listening socket stays open\n"))
