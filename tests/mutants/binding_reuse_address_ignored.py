"""TCPServer that never sets SO_REUSEADDR, whatever allow_reuse_address says."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-6", "BIND-4")
SELECT = ("conformance/suite/test_binding.py", "-k", "allow_reuse_address_sets_option or settings_before_bind")


class TCPServer(_std.TCPServer):
    def server_bind(self):
        wanted, self.allow_reuse_address = self.allow_reuse_address, False  # the bug
        try:
            super().server_bind()
        finally:
            self.allow_reuse_address = wanted


globals().update(mutant_api(TCPServer=TCPServer))
