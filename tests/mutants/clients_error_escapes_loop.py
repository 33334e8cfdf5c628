"""TCPServer that lets an exception from handle() escape serve_forever() instead of calling handle_error()."""
from socketserver_conformance.reference import socketserver as _ref
from tests.mutants._kit import mutant_api

CATCHES = ("CLIENT-6", "CLIENT-7", "CLIENT-8")
SELECT = ("conformance/suite/test_clients.py", "-k",
          "(leave_at_once or reset_in_mid) and sync")


class TCPServer(_ref.TCPServer):
    # The reference's request step, with the bug.
    def _handle_one_request(self):
        try:
            request, client_address = self.get_request()
        except OSError:
            return
        try:
            if self.verify_request(request, client_address):
                self.process_request(request, client_address)  # the bug: no except, errors end the loop
            else:
                self.shutdown_request(request)
        except BaseException:
            self.shutdown_request(request)
            raise


globals().update(mutant_api(base="reference", TCPServer=TCPServer))
