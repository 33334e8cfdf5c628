"""serve_forever() 'drains' on shutdown: it handles every pending request before it exits.

The reference's serving loop, edited to have the bug (reference/socketserver.py is ours).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-5",)
SELECT = ("conformance/suite/test_serving.py::test_requests_after_shutdown_wait_for_the_next_loop",)

globals().update(patched_reference(
    "                    self.service_actions()  # LOOP-11: after each request and when idle\n",
    "                    self.service_actions()\n"
    "                # the bug: before leaving, serve every request that is already waiting\n"
    "                while any(key.data == \"request\" for key, _ in selector.select(0)):\n"
    "                    self._handle_one_request()\n"))
