"""ForkingMixIn whose child closes its inherited copy of the server socket before handling.

Harmless for stream servers (the child has its own connection), but a datagram request *is*
(data, server socket): the handler's reply goes out through the socket the child just closed,
so ForkingUDPServer and ForkingUnixDatagramServer never answer.

Left a subclass, not an edit: it only wraps the public finish_request() hook around the
reference's own, so it copies no reference code.
"""
from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("FORK-12", "FORK-14")
SELECT = ("conformance/suite/test_forking.py::test_each_request_runs_in_its_own_child[udp]",
          "conformance/suite/test_forking.py::test_each_request_runs_in_its_own_child[unix-dgram]")
CONFORMANCE_PYTHON = (3, 12)  # the reference base has the 3.12 Unix forking servers


class ForkingMixIn(_ref.ForkingMixIn):
    def finish_request(self, request, client_address):
        # Only children get here (the parent just forks); the bug: drop the listener first.
        self.socket.close()
        super().finish_request(request, client_address)


globals().update(mutant_api(base="reference", ForkingMixIn=ForkingMixIn))
