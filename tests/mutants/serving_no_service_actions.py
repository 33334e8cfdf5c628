"""serve_forever() never calls service_actions().

The reference's serving loop, edited to have the bug (reference/socketserver.py is ours).
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-11",)
SELECT = ("conformance/suite/test_serving.py::test_service_actions_runs_every_iteration",)

globals().update(patched_reference(
    "                    self.service_actions()  # LOOP-11: after each request and when idle\n",
    "                    # the bug: no self.service_actions() here\n"))
