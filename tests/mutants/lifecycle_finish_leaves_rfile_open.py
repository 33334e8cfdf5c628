"""StreamRequestHandler.finish() closes wfile but forgets rfile: the file keeps the socket's
descriptor open after close_request() (socket.close() waits for its files), so the
connection lingers until the garbage collector, if there is one, gets to it."""

from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-24",)
SELECT = ("conformance/suite/test_lifecycle.py::test_finished_stream_request_socket_is_closed",)

globals().update(patched_reference(
    "            self.wfile.close()\n            self.rfile.close()\n",
    "            self.wfile.close()  # the bug: rfile is left open\n"))
