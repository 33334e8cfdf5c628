"""TCPServer whose fileno() returns a spare socket's descriptor, not the listening one."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("BIND-8",)
SELECT = ("conformance/suite/test_binding.py::test_fileno_works_with_selectors",)


class TCPServer(_std.TCPServer):
    def __init__(self, *args, **kwargs):
        self._spare = _std.socket.socket()
        super().__init__(*args, **kwargs)

    def fileno(self):
        return self._spare.fileno()

    def server_close(self):
        super().server_close()
        self._spare.close()


globals().update(mutant_api(TCPServer=TCPServer))
