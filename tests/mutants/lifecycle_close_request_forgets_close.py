"""TCPServer.close_request() does nothing: the connection is shut down (the client sees EOF)
but its socket stays open until the garbage collector finds it, or forever on a runtime
without reference counting."""

from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-24",)
SELECT = ("conformance/suite/test_lifecycle.py::test_finished_stream_request_socket_is_closed",)

globals().update(patched_reference(
    "    def close_request(self, request: Any) -> None:\n        request.close()",
    "    def close_request(self, request: Any) -> None:\n        pass  # the bug: left for the GC"))
