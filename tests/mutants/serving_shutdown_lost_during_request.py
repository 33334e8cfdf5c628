"""serve_forever() forgets a shutdown() requested while it was handling a request.

Built on the reference: its loop's request step clears the reference's own stop flag.
"""
from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-4",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_waits_for_the_request_in_progress",)

globals().update(patched_reference(
    "                        self._handle_one_request()\n",
    "                        self._handle_one_request()\n"
    "                        self._stop_requested = False  # a shutdown() asked for meanwhile is lost\n"))
