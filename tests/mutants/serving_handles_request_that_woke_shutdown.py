"""A polling serve_forever() that checks the stop flag only at the top of its loop: a request
arriving while the loop waits, after shutdown() was asked for, is still handled.

The reference's serving loop, re-written without its wake-up pipe (as a fork that polls).
"""
import selectors

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-5",)
SELECT = ("conformance/suite/test_serving.py::test_request_that_wakes_a_stopping_loop_is_not_handled",)


class _LoopWithoutRecheck:
    def serve_forever(self, poll_interval=0.5):
        self._loop_idle.clear()
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self, selectors.EVENT_READ)
                while not self._stop_requested:
                    if selector.select(poll_interval):  # the bug: no second look at the flag
                        self._handle_one_request()
                    self.service_actions()
        finally:
            self._stop_requested = False
            self._loop_idle.set()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(base="reference", **{n: type(n, (_LoopWithoutRecheck, getattr(_ref, n)), {})
                                                 for n in _SERVERS if hasattr(_ref, n)}))
