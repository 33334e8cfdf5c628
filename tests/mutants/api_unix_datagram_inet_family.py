"""UnixDatagramServer that forgets to set address_family, so it stays AF_INET from UDPServer."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("API-9",)
SELECT = ("conformance/suite/test_api.py", "-k", "family_and_socket_type_attributes or (class_family_and_type and unix-dgram)")


class UnixDatagramServer(_std.UDPServer):
    pass  # the bug: no address_family = AF_UNIX in the class body


globals().update(mutant_api(UnixDatagramServer=UnixDatagramServer))
