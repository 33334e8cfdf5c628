"""ThreadingMixIn that, when a handler raises, keeps the request open until server_close()."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-12",)
SELECT = ("conformance/suite/test_threads.py::test_handler_errors_stay_in_the_handler_thread[tcp]",)

globals().update(patched_reference([
    ("            self.handle_error(request, client_address)  # type: ignore[attr-defined]\n"
     "        finally:  # THREAD-12\n"
     "            self.shutdown_request(request)  # type: ignore[attr-defined]\n",
     "            self.handle_error(request, client_address)  # type: ignore[attr-defined]\n"
     "            # The bug: the failed request is parked instead of shut down.\n"
     "            self.__dict__.setdefault(\"_failed_requests\", []).append(request)\n"
     "        else:\n"
     "            self.shutdown_request(request)  # type: ignore[attr-defined]\n"
     "        finally:\n"),
    ("            for thread in waiting:  # THREAD-6, MODEL-2\n"
     "                thread.join()\n",
     "            for thread in waiting:\n"
     "                thread.join()\n"
     "        for request in self.__dict__.pop(\"_failed_requests\", []):\n"
     "            self.shutdown_request(request)  # type: ignore[attr-defined]\n"),
]))
