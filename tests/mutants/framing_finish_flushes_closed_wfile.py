"""Reference whose finish() flushes wfile without checking whether it is closed: when the handler
closed wfile itself, flush() raises ValueError out of finish() and handle_error() reports it."""
from tests.mutants._kit import patched_reference

CATCHES = ("FRAME-23",)
SELECT = ("conformance/suite/test_framing.py::test_handler_may_close_wfile_itself",)

globals().update(patched_reference("            if not self.wfile.closed:\n                self.wfile.flush()",
                                   "            self.wfile.flush()"))
