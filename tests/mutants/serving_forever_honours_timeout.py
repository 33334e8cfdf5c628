"""serve_forever() calls handle_timeout() whenever an idle poll outlasts the server's timeout.

The reference's serving loop, edited to have the bug (reference/socketserver.py is ours).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-12",)
SELECT = ("conformance/suite/test_serving.py::test_serve_forever_ignores_timeout",)

globals().update(patched_reference([
    ("selector.select(poll_interval)}",
     "selector.select(poll_interval if self.timeout is None else min(poll_interval, self.timeout))}"),
    ("                    if \"request\" in ready:\n"
     "                        self._handle_one_request()\n",
     "                    if \"request\" in ready:\n"
     "                        self._handle_one_request()\n"
     "                    elif self.timeout is not None:\n"
     "                        self.handle_timeout()  # the bug\n"),
]))
