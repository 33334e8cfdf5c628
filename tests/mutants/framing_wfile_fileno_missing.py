"""The unbuffered wfile's fileno() returns nothing, so code that selects on wfile or passes it
to os functions breaks, unlike any other file over a socket."""

from tests.mutants._kit import patched_reference

CATCHES = ("FRAME-22",)
SELECT = ("conformance/suite/test_framing.py::test_wfile_is_a_writable_buffered_io",)

globals().update(patched_reference(
    "    def fileno(self) -> int:\n        return self._sock.fileno()\n",
    "    def fileno(self) -> int:  # type: ignore[return]\n        pass  # the bug\n"))
