"""ThreadingMixIn whose handler thread swallows a non-Exception BaseException: the request is
still shut down and handle_error() is not called, but SystemExit or KeyboardInterrupt ends there,
unseen (the thread ends normally; threading.excepthook never hears of it)."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-13",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_in_handler_threads[handle_request-tcp]",)

globals().update(patched_reference(
    "        finally:  # THREAD-12\n",
    "        except BaseException:\n"
    "            pass  # the bug: a fatal exception from the handler is dropped here\n"
    "        finally:\n"))
