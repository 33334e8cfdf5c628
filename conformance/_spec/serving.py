"""Clauses of the 'serving' area (tests: conformance/test_serving.py).

LOOP-1 and LOOP-2 are also the clauses the harness reports when tearing a server down
goes wrong (shutdown() or server_close() not returning in time), so keep their meaning.
"""
from conformance._clause import Clause

_BS = "#socketserver.BaseServer"

CLAUSES = (
    Clause("LOOP-1", "serving", "shutdown() stops serve_forever()",
           "shutdown() called from another thread makes serve_forever() return, and shutdown() "
           "itself returns only once the loop has exited.",
           _BS + ".shutdown"),
    Clause("LOOP-2", "serving", "server_close() cleans up the server",
           "server_close() returns, releasing the listening socket (for threading and forking "
           "servers after any waiting that block_on_close asks for).",
           _BS + ".server_close"),
)
