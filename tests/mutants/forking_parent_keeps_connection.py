"""ForkingMixIn whose parent keeps its copy of each connection until server_close()."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FORK-5",)
SELECT = ("conformance/suite/test_forking.py", "-k", "parent_gives_up and tcp")


class ForkingMixIn(_std.ForkingMixIn):
    def shutdown_request(self, request):
        # The child's way out (shutdown_request -> close_request) still closes for real.
        self._really_close = True
        try:
            super().shutdown_request(request)
        finally:
            self._really_close = False

    def close_request(self, request):
        if getattr(self, "_really_close", False):
            super().close_request(request)
        else:
            # The parent's close_request(): the bug parks the connection instead of closing it.
            self.__dict__.setdefault("_parked", []).append(request)

    def server_close(self):
        for request in self.__dict__.pop("_parked", []):
            request.close()
        super().server_close()


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
