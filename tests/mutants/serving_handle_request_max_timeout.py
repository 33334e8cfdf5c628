"""handle_request() waits for the larger of the socket's timeout and self.timeout, not the smaller.

The reference's handle_request(), edited to have the bug (reference/socketserver.py is ours).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-15",)
SELECT = ("conformance/suite/test_serving.py::test_handle_request_gives_up_after_the_smaller_timeout",)

globals().update(patched_reference("else min(timeout, socket_timeout)",
                                   "else max(timeout, socket_timeout)  # the bug"))
