"""Handler base that calls handle() a second time when the first call returned normally."""
from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-2",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[udp]",)

globals().update(patched_reference(
    "            self.handle()  # LIFE-2\n",
    "            self.handle()\n"
    "            self.handle()  # the bug: a second call\n"))
