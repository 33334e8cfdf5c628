"""Unix servers that clear a stale socket file before binding, and so choke on abstract names.

``os.unlink`` of a name with a leading NUL byte raises ValueError (embedded null byte), which
the clean-up does not expect: the constructor fails for every abstract-namespace name.
"""
import os
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-11",)
SELECT = ("conformance/suite/test_binding.py", "-k", "unix_servers_bind_abstract_names")


def _unlink_before_bind(cls):
    def server_bind(self):
        try:
            os.unlink(self.server_address)  # the bug: abstract names are not files
        except FileNotFoundError:
            pass
        super(cls, self).server_bind()
    cls.server_bind = server_bind
    return cls


@_unlink_before_bind
class UnixStreamServer(_std.UnixStreamServer):
    pass


@_unlink_before_bind
class UnixDatagramServer(_std.UnixDatagramServer):
    pass


globals().update(mutant_api(UnixStreamServer=UnixStreamServer, UnixDatagramServer=UnixDatagramServer))
