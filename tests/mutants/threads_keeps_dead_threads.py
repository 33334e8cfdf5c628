"""ThreadingMixIn that remembers every handler thread it started and never forgets finished ones."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-9",)
SELECT = ("conformance/suite/test_threads.py::test_finished_handler_threads_are_not_kept[tcp]",)

globals().update(patched_reference(
    "        thread.start()  # THREAD-3, CLIENT-3: returns while the handler runs\n",
    "        self.__dict__.setdefault(\"_started\", []).append(thread)  # the bug: grows without bound\n"
    "        thread.start()\n"))
