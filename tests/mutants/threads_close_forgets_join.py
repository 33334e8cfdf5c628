"""ThreadingMixIn whose server_close() closes the socket but never joins the handler threads."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("THREAD-6",)
SELECT = ("conformance/suite/test_threads.py::test_server_close_waits_exactly_when_the_model_says[tcp-joins]",)


class ThreadingMixIn(_std.ThreadingMixIn):
    def server_close(self):
        # Skips the mixin's own server_close (the join) and goes straight to the socket server's.
        super(_std.ThreadingMixIn, self).server_close()


globals().update(mutant_api(ThreadingMixIn=ThreadingMixIn))
