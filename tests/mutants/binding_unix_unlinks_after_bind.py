"""Unix servers whose "remove a stale socket file" step runs after bind(), deleting their own socket file."""
import os
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-10",)
SELECT = ("conformance/suite/test_binding.py", "-k", "unix_servers_bind_a_path")


def _unlink_after_bind(cls):
    def server_bind(self):
        super(cls, self).server_bind()
        path = self.server_address
        if isinstance(path, (str, bytes)) and path[:1] not in ("\0", b"\0"):
            try:
                os.unlink(path)  # the bug: meant to clear a stale file *before* binding
            except FileNotFoundError:
                pass
    cls.server_bind = server_bind
    return cls


@_unlink_after_bind
class UnixStreamServer(_std.UnixStreamServer):
    pass


@_unlink_after_bind
class UnixDatagramServer(_std.UnixDatagramServer):
    pass


globals().update(mutant_api(UnixStreamServer=UnixStreamServer, UnixDatagramServer=UnixDatagramServer))
