"""Reference whose unbuffered wfile is an io.RawIOBase instead of an io.BufferedIOBase: it still
sends everything, but code that checks for (or wraps) the documented BufferedIOBase interface
is refused it."""
from tests.mutants._kit import patched_reference

CATCHES = ("FRAME-22",)
SELECT = ("conformance/suite/test_framing.py::test_wfile_is_a_writable_buffered_io",)

globals().update(patched_reference("class _SendallWriter(io.BufferedIOBase):",
                                   "class _SendallWriter(io.RawIOBase):"))
