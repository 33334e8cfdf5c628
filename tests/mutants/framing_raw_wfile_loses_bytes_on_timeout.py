"""Reference whose default (wbufsize 0) wfile is the socket's raw file, makefile('wb', 0): each
write() is one send() that returns how much it took.  A blocking socket takes everything, but with
the handler's timeout set the socket is in timeout mode, a send() to a slow reader takes only part
of a large write, and the rest is silently lost."""
from tests.mutants._kit import patched_reference

CATCHES = ("FRAME-24",)
SELECT = ("conformance/suite/test_framing.py::test_wfile_delivers_everything_in_order_to_a_slow_reader",)

globals().update(patched_reference("self.wfile = _SendallWriter(self.connection)",
                                   'self.wfile = self.connection.makefile("wb", 0)'))
