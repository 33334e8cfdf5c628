"""UnixDatagramServer that hands handlers the sender's path as bytes (os.fsencode'd) rather than
the str path the sending socket is bound to."""
import os
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-23",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_and_client_address_have_the_documented_shape[unix-dgram]",)


class UnixDatagramServer(_std.UnixDatagramServer):
    def get_request(self):
        request, client_address = super().get_request()
        if isinstance(client_address, str):
            client_address = os.fsencode(client_address)  # the bug: paths "normalised" to bytes
        return request, client_address


globals().update(mutant_api(UnixDatagramServer=UnixDatagramServer))
