"""TCPServer.shutdown_request() only closes the request socket, without shutting the
connection down: while any other descriptor of it is open (a duplicate the handler kept, a
child process), the client never reads EOF."""

from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-27",)
SELECT = ("conformance/suite/test_lifecycle.py::test_client_reads_eof_while_a_duplicate_is_held[tcp]",)

globals().update(patched_reference(
    "            request.shutdown(socket.SHUT_WR)  # let the client see EOF even if others hold the fd\n",
    "            pass  # the bug: close() alone will do\n"))
