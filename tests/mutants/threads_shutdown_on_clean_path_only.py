"""ThreadingMixIn that shuts a request down only when its handler returned: after an Exception
(reported by handle_error()) or another BaseException, shutdown_request() and close_request()
never run, and the connection lives until the garbage collector finds the socket."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-15",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_in_handler_threads[handle_request-tcp]",)

globals().update(patched_reference(
    "            self.finish_request(request, client_address)  # type: ignore[attr-defined]\n"
    "        except Exception:  # THREAD-11: reported in the handler's own thread\n"
    "            self.handle_error(request, client_address)  # type: ignore[attr-defined]\n"
    "        finally:  # THREAD-12\n"
    "            self.shutdown_request(request)  # type: ignore[attr-defined]\n",
    "            self.finish_request(request, client_address)  # type: ignore[attr-defined]\n"
    "            self.shutdown_request(request)  # type: ignore[attr-defined]  # the bug: this path only\n"
    "        except Exception:\n"
    "            self.handle_error(request, client_address)  # type: ignore[attr-defined]\n"
    "        finally:\n"))
