"""ThreadingMixIn that handles each request inline in the serving thread: slow clients block everyone."""
from tests.mutants._kit import patched_reference

CATCHES = ("CLIENT-3",)
SELECT = ("conformance/suite/test_clients.py::test_threading_server_answers_new_client_while_slow_clients_hang[tcp]",)

globals().update(patched_reference(
    "        # THREAD-1, THREAD-2: a new thread for every request\n"
    "        thread = threading.Thread(target=self._run_in_thread, args=(request, client_address))\n"
    "        thread.daemon = self.daemon_threads  # THREAD-4, THREAD-5\n"
    "        if not thread.daemon and self.block_on_close:  # THREAD-6, THREAD-8\n"
    "            with self._live_lock():\n"
    "                self._live_threads().add(thread)\n"
    "        thread.start()  # THREAD-3, CLIENT-3: returns while the handler runs\n",
    "        # The \"thread\" is never started: the request runs to completion right here.\n"
    "        self._run_in_thread(request, client_address)\n"))
