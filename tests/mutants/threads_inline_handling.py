"""ThreadingMixIn that handles every request inline, in the serving thread (no thread at all):
no request gets a thread of its own, and a slow client blocks every other one."""
from tests.mutants._kit import patched_reference

CATCHES = ("THREAD-1", "CLIENT-3")
SELECT = ("conformance/suite/test_threads.py::test_each_request_runs_in_its_own_new_thread[tcp]",
          "conformance/suite/test_clients.py::test_threading_server_answers_new_client_while_slow_clients_hang[tcp]")

globals().update(patched_reference(
    "        # THREAD-1, THREAD-2: a new thread for every request\n"
    "        thread = threading.Thread(target=self._run_in_thread, args=(request, client_address))\n"
    "        thread.daemon = self.daemon_threads  # THREAD-4, THREAD-5\n"
    "        if not thread.daemon and self.block_on_close:  # THREAD-6, THREAD-8\n"
    "            with self._live_lock():\n"
    "                self._live_threads().add(thread)\n"
    "        thread.start()  # THREAD-3, CLIENT-3: returns while the handler runs\n",
    "        # The thread body, called directly: the loop is deaf while a handler runs.\n"
    "        self._run_in_thread(request, client_address)\n"))
