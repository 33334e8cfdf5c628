"""ForkingMixIn whose child exits with status 0 even when the handler raised."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("FORK-3",)
SELECT = ("conformance/suite/test_forking.py", "-k", "exit_status and tcp")


class ForkingMixIn(_std.ForkingMixIn):
    def finish_request(self, request, client_address):
        # Runs in the child only.  The bug: the error is reported here and never reaches
        # process_request(), so the child believes the request succeeded and exits with 0.
        try:
            super().finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)


globals().update(mutant_api(ForkingMixIn=ForkingMixIn))
