"""Server that rejects a request verify_request() refuses, but never shuts it down or closes
it (as CPython did before 3.6, bpo-26309): the client waits for an EOF that never comes."""
from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-28",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)

globals().update(patched_reference("            self.shutdown_request(request)  # LIFE-28\n", ""))
