"""BaseServer.shutdown_request() forgets to call close_request(): the stock servers override
it and still close, but any server built directly on BaseServer never releases a request."""

from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-26",)
SELECT = ("conformance/suite/test_lifecycle.py::test_base_server_runs_the_cycle_of_a_custom_transport",)

globals().update(patched_reference(
    "    def shutdown_request(self, request: Any) -> None:\n        self.close_request(request)\n\n"
    "    def close_request(self, request: Any) -> None:\n        pass\n",
    "    def shutdown_request(self, request: Any) -> None:\n        pass  # the bug\n\n"
    "    def close_request(self, request: Any) -> None:\n        pass\n"))
