"""Handler base that calls setup() before storing request, client_address and server."""
from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-1",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[unix-stream]",)

globals().update(patched_reference(
    "        self.request = request  # LIFE-1: all three set before setup()\n"
    "        self.client_address = client_address\n"
    "        self.server = server\n"
    "        self.setup()  # LIFE-2, LIFE-4: outside the try, a failing setup() skips the rest\n",
    "        self.setup()  # the bug: before the attributes are set\n"
    "        self.request, self.client_address, self.server = request, client_address, server\n"))
