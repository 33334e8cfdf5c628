"""ForkingMixIn whose parent waits for each child and reports a child that exited with a
non-zero status through handle_error(), in the parent: a failure is reported twice (the child
already called handle_error() for an Exception), and a BaseException reaches handle_error()."""
from tests.mutants._kit import patched_reference

CATCHES = ("FORK-20",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_in_child_processes[handle_request-tcp]",)

globals().update(patched_reference(
    "                self.close_request(request)  # type: ignore[attr-defined]\n"
    "                return\n",
    "                self.close_request(request)  # type: ignore[attr-defined]\n"
    "                _, status = os.waitpid(pid, 0)  # the bug: the parent follows its child ...\n"
    "                self.active_children.discard(pid)\n"
    "                if status:\n"
    "                    self.handle_error(request, client_address)  # ... and reports its failure\n"
    "                return\n"))
