"""A polling serve_forever() that never marks itself as running: once a loop has stopped,
shutdown() of a restarted loop returns at once, while that loop is still waiting in its poll
(CPython would be broken this way without the clear() of its 'is shut down' event).

The reference's serving loop, re-written as a fork that polls (reference/socketserver.py is ours).
"""
import selectors

from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("LOOP-1",)
SELECT = ("conformance/suite/test_serving.py::test_shutdown_waits_for_a_restarted_loop",)


class _LoopThatLooksStopped:
    def serve_forever(self, poll_interval=0.5):
        # the bug: no self._loop_idle.clear() here
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(self, selectors.EVENT_READ)
                while not self._stop_requested:
                    ready = selector.select(poll_interval)
                    if self._stop_requested:
                        break
                    if ready:
                        self._handle_one_request()
                    self.service_actions()
        finally:
            self._stop_requested = False
            self._loop_idle.set()


_SERVERS = ("TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer")
globals().update(mutant_api(base="reference", **{n: type(n, (_LoopThatLooksStopped, getattr(_ref, n)), {})
                                                 for n in _SERVERS if hasattr(_ref, n)}))
