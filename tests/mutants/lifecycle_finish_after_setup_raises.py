"""Handler base that runs finish() even when setup() raised (setup inside the try)."""
from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-4",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)

globals().update(patched_reference(
    "        self.setup()  # LIFE-2, LIFE-4: outside the try, a failing setup() skips the rest\n"
    "        try:\n",
    "        try:\n"
    "            self.setup()  # the bug: inside the try\n"))
