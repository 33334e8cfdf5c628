"""StreamRequestHandler that ignores disable_nagle_algorithm: TCP_NODELAY is never set."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FRAME-13",)
SELECT = ("conformance/suite/test_framing.py::test_disable_nagle_algorithm_sets_tcp_nodelay",)


class StreamRequestHandler(_std.StreamRequestHandler):
    def setup(self):
        wanted, self.disable_nagle_algorithm = self.disable_nagle_algorithm, False
        try:
            super().setup()
        finally:
            self.disable_nagle_algorithm = wanted


globals().update(mutant_api(StreamRequestHandler=StreamRequestHandler))
