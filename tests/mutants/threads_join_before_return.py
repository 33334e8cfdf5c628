"""ThreadingMixIn whose process_request() starts the request's thread and then waits for it."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-3",)  # the held-concurrency test reports it on THREAD-3, the clause the bug breaks
SELECT = ("conformance/suite/test_threads.py::test_held_requests_run_concurrently_on_distinct_threads[tcp]",
          "conformance/suite/test_threads.py::test_serving_goes_on_while_a_handler_is_held[tcp]")

globals().update(patched_reference(
    "        thread.start()  # THREAD-3, CLIENT-3: returns while the handler runs\n",
    "        thread.start()\n"
    "        thread.join()  # the bug: the loop waits for the handler, so requests are served one by one\n"))
