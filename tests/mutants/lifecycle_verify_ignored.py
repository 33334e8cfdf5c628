"""Server that calls verify_request() but processes the request whatever it answers."""
from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-14",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)

globals().update(patched_reference(
    "        if not self.verify_request(request, client_address):  # LIFE-14\n"
    "            self.shutdown_request(request)  # LIFE-28\n"
    "            return\n",
    "        self.verify_request(request, client_address)  # the bug: the answer is ignored\n"))
