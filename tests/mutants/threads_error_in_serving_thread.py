"""ThreadingMixIn that reports handler errors from the serving loop (service_actions) instead of the handler's thread."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-11",)
SELECT = ("conformance/suite/test_threads.py::test_handler_errors_stay_in_the_handler_thread[tcp]",)

globals().update(patched_reference([
    # The thread body parks a failed request instead of reporting and shutting it down ...
    ("        except Exception:  # THREAD-11: reported in the handler's own thread\n"
     "            self.handle_error(request, client_address)  # type: ignore[attr-defined]\n"
     "        finally:  # THREAD-12\n"
     "            self.shutdown_request(request)  # type: ignore[attr-defined]\n",
     "        except Exception:\n"
     "            self.__dict__.setdefault(\"_failed\", []).append((request, client_address))  # the bug\n"
     "        else:\n"
     "            self.shutdown_request(request)  # type: ignore[attr-defined]\n"
     "        finally:\n"),
    # ... and the serving loop reports it, in its own thread, at its next pass.
    ("    def _live_lock(self) -> threading.Lock:\n",
     "    def service_actions(self) -> None:\n"
     "        super().service_actions()  # type: ignore[misc]\n"
     "        failed = self.__dict__.setdefault(\"_failed\", [])\n"
     "        while failed:\n"
     "            request, client_address = failed.pop(0)\n"
     "            self.handle_error(request, client_address)  # type: ignore[attr-defined]\n"
     "            self.shutdown_request(request)  # type: ignore[attr-defined]\n"
     "\n"
     "    def _live_lock(self) -> threading.Lock:\n"),
]))
