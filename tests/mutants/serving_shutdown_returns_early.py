"""shutdown() only asks the loop to stop and returns at once, without waiting for it to exit.

The reference's shutdown(), re-written with the bug (reference/socketserver.py is ours).
"""
import os

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-1",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_waits_for_the_request_in_progress",)


class _ImpatientShutdown:
    def shutdown(self):
        self._stop_requested = True
        with self._wake_lock:
            if self._wake_w != -1:
                try:
                    os.write(self._wake_w, b"x")
                except BlockingIOError:
                    pass
        # the bug: no self._loop_idle.wait() -- returns while the loop may still be running


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(base="reference", **{n: type(n, (_ImpatientShutdown, getattr(_ref, n)), {})
                                                 for n in _SERVERS if hasattr(_ref, n)}))
