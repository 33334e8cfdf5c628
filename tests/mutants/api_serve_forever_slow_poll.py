"""BaseServer whose serve_forever() polls every 5 s by default instead of 0.5 s."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-14",)
SELECT = ("conformance/suite/test_api.py::test_documented_signatures",)


class BaseServer(_std.BaseServer):
    def serve_forever(self, poll_interval=5.0):
        return super().serve_forever(poll_interval)


globals().update(mutant_api(BaseServer=BaseServer))
