"""ForkingUnixStreamServer (a 3.12 backport written pre-fork style) whose child accepts a
connection itself with get_request() and serves that one, instead of the connection the parent
accepted and forked it for: the client that was accepted gets no reply."""
from tests.mutants._kit import patched_reference

CATCHES = ("FORK-13",)
SELECT = ("conformance/suite/test_forking.py::test_each_request_runs_in_its_own_child[unix-stream]",)
CONFORMANCE_PYTHON = (3, 12)  # ForkingUnixStreamServer is 3.12 API

# Only this class is touched; in a forking server finish_request() runs in the child alone.
globals().update(patched_reference(
    "        class ForkingUnixStreamServer(ForkingMixIn, UnixStreamServer):  # API-4, FORK-13\n"
    "            pass\n",
    "        class ForkingUnixStreamServer(ForkingMixIn, UnixStreamServer):  # API-4, FORK-13\n"
    "            def finish_request(self, request, client_address):\n"
    "                # the bug: the child takes \"its\" connection from the listener, ignoring `request`\n"
    "                own_request, own_address = self.get_request()\n"
    "                try:\n"
    "                    super().finish_request(own_request, own_address)\n"
    "                finally:\n"
    "                    self.shutdown_request(own_request)\n"))
