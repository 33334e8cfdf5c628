"""ThreadingMixIn that hands a handler thread's non-Exception BaseException to the serving loop,
which re-raises it at its next pass: a KeyboardInterrupt in one handler stops serve_forever(),
as it would on a synchronous server."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-14",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_in_handler_threads[serve_forever-tcp]",)

globals().update(patched_reference([
    ("        finally:  # THREAD-12\n",
     "        except BaseException as exc:\n"
     "            self.__dict__[\"_fatal\"] = exc  # the bug: kept for the serving loop\n"
     "            raise\n"
     "        finally:\n"),
    ("    def _live_lock(self) -> threading.Lock:\n",
     "    def service_actions(self) -> None:\n"
     "        super().service_actions()  # type: ignore[misc]\n"
     "        fatal = self.__dict__.pop(\"_fatal\", None)\n"
     "        if fatal is not None:\n"
     "            raise fatal\n"
     "\n"
     "    def _live_lock(self) -> threading.Lock:\n"),
]))
