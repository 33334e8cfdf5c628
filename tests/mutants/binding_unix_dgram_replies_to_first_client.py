"""UnixDatagramServer that remembers the first sender and sends every reply there."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-13",)
SELECT = ("conformance/suite/test_binding.py::test_unix_datagram_replies_reach_the_sender",)


class UnixDatagramServer(_std.UnixDatagramServer):
    _first_sender = None

    def get_request(self):
        request, address = super().get_request()
        if self._first_sender is None:
            self._first_sender = address
        return request, self._first_sender


globals().update(mutant_api(UnixDatagramServer=UnixDatagramServer))
