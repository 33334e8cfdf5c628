"""ForkingMixIn whose parent keeps its copy of each connection until server_close()."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FORK-5",)
SELECT = ("conformance/test_forking.py", "-k", "parent_gives_up and tcp")


class ForkingMixIn(_std.ForkingMixIn):
    def close_request(self, request):
        # In the parent (the only caller here: the child uses shutdown_request) the bug parks
        # the connection instead of closing it.
        self.__dict__.setdefault("_parked", []).append(request)

    def shutdown_request(self, request):
        try:
            request.shutdown(_std.socket.SHUT_WR)
        except OSError:
            pass
        request.close()

    def server_close(self):
        for request in self.__dict__.pop("_parked", []):
            request.close()
        super().server_close()


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
