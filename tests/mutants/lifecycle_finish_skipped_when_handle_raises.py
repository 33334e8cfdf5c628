"""Handler base that calls finish() only when handle() returned normally (no try/finally)."""
from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-3",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)

globals().update(patched_reference(
    "        try:\n"
    "            self.handle()  # LIFE-2\n"
    "        finally:\n"
    "            self.finish()  # LIFE-2, LIFE-3\n",
    "        self.handle()\n"
    "        self.finish()  # skipped whenever handle() raises\n"))
