"""ForkingMixIn whose child counts only an Exception as a failure: after a SystemExit,
KeyboardInterrupt or other non-Exception BaseException from the handler it exits with status 0,
as if the request had succeeded."""
from tests.mutants._kit import patched_reference

CATCHES = ("FORK-19",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_in_child_processes[handle_request-tcp]",)

globals().update(patched_reference([
    ("            status = 1  # FORK-3, FORK-19: anything but a clean return, a BaseException too\n",
     "            status = 0  # the bug: a failure is only what `except Exception` sees\n"),
    ("            except Exception:  # FORK-3\n",
     "            except Exception:\n                status = 1\n"),
]))
