"""The forked child leaves with os._exit() without shutting its request down: the OS closes
the descriptor, so the client still sees EOF, but a subclass's shutdown_request() (logging,
TLS close_notify, accounting) never runs."""

from tests.mutants._kit import patched_reference

CATCHES = ("FORK-17",)
SELECT = ("conformance/suite/test_forking.py::test_child_exit_status_reports_the_handler_outcome[tcp]",)

globals().update(patched_reference(
    "                    self.shutdown_request(request)  # type: ignore[attr-defined]\n"
    "                finally:\n                    os._exit(status)",
    "                    pass  # the bug: the OS will close it anyway\n"
    "                finally:\n                    os._exit(status)"))
