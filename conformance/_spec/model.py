"""Clauses of the 'model' area (tests: conformance/suite/test_model.py).

A stateful Hypothesis machine drives several clients of one TCP server whose handler
answers every line it reads with ``b"<n>:" + line`` (n counts lines per connection); a
model predicts each client's replies and each connection's handler lifecycle.
"""
from socketserver_conformance._spec._clause import Clause

CLAUSES = (
    Clause("MODEL-1", "model", "threading server answers every client as modelled",
           "Under ThreadingTCPServer, for any interleaving of connects, sends, pauses, half-closes, "
           "closes and resets across several clients, every client receives exactly the replies the "
           "per-connection model predicts, and never a reply meant for another connection.",
           "#socketserver.ThreadingMixIn", level="implied", needs=("threads",),
           api=("ThreadingTCPServer", "StreamRequestHandler")),
    Clause("MODEL-2", "model", "one complete handler lifecycle per connection",
           "Each accepted connection gets one handler whose setup(), handle() and finish() each run "
           "once in that order; handle() ends only after its client stopped sending, and once "
           "shutdown() and server_close() returned every lifecycle is complete and no handler thread "
           "is left running.",
           "#socketserver.BaseRequestHandler", level="implied",
           api=("TCPServer", "StreamRequestHandler")),
    Clause("MODEL-3", "model", "synchronous server serialises connections in arrival order",
           "A TCPServer without a mix-in serves one connection at a time: a connection's handler "
           "starts only when the handlers of all earlier connections have finished, connections are "
           "taken in the order they connected, and each client gets the modelled replies.",
           "#socketserver.TCPServer", level="documented",
           api=("TCPServer", "StreamRequestHandler")),
    Clause("MODEL-4", "model", "forking server answers every client as modelled",
           "Under ForkingTCPServer every connection is handled in a child process, every client "
           "receives exactly the modelled replies for any interleaving of client actions, and each "
           "handler lifecycle completes (what server_close() leaves behind is FORK-9's).",
           "#socketserver.ForkingMixIn", level="implied", needs=("fork",),
           api=("ForkingTCPServer", "StreamRequestHandler")),
)
