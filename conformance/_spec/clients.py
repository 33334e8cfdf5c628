"""Clauses of the 'clients' area (tests: conformance/suite/test_clients.py).

Slow, concurrent and misbehaving clients: what a synchronous server owes the clients
queued behind a slow one, what the threading and forking servers add, and how clients
that vanish mid-request must not take the server down with them.
"""
from socketserver_conformance._spec._clause import Clause

_DOCS_SYNC = "#socketserver.TCPServer"  # the module introduction: the four base classes are synchronous
_BS = "#socketserver.BaseServer"

CLAUSES = (
    Clause("CLIENT-1", "clients", "A synchronous server handles one request at a time",
           "While handle() runs for one client of a synchronous server, no other client's handler "
           "is entered, even if that client has connected and sent its whole request; the next "
           "handler starts only after the previous one has returned.",
           _DOCS_SYNC, level="documented", api=("TCPServer", "StreamRequestHandler")),
    Clause("CLIENT-2", "clients", "A synchronous server serves waiting clients in arrival order",
           "Clients that queue up while a synchronous server is busy are served one after the other "
           "in the order in which their connections arrived.",
           _BS + ".request_queue_size", level="implied", api=("TCPServer", "StreamRequestHandler")),
    Clause("CLIENT-3", "clients", "A threading server answers new clients while slow ones hang",
           "With clients connected to a threading server that are mid-request (sending slowly, not "
           "reading their reply, or silent), a new client still reaches handle() and gets its whole "
           "reply while the slow clients' handlers are still running.",
           "#socketserver.ThreadingMixIn", level="documented", needs=("threads",),
           api=("ThreadingMixIn", "ThreadingTCPServer", "StreamRequestHandler")),
    Clause("CLIENT-4", "clients", "A forking server answers new clients while slow ones hang",
           "With clients connected to a forking server that are mid-request (sending slowly, not "
           "reading their reply, or silent), a new client still reaches handle() and gets its whole "
           "reply while the slow clients' handlers are still running in their own processes.",
           "#socketserver.ForkingMixIn", level="documented", needs=("fork",),
           api=("ForkingMixIn", "ForkingTCPServer", "StreamRequestHandler")),
    Clause("CLIENT-5", "clients", "Concurrent clients each get exactly their own stream back",
           "When several clients are served at the same time, each handler reads only its own "
           "client's bytes, in the order sent, and its replies reach only that client, whatever "
           "the pacing and interleaving of the clients.",
           "#socketserver.StreamRequestHandler", level="implied",
           api=("ThreadingMixIn", "StreamRequestHandler")),
    Clause("CLIENT-6", "clients", "Clients that leave at once do not disturb the server",
           "A client that connects and immediately closes or resets its connection does not stop "
           "serve_forever(): an error it causes in the handler goes to handle_error(), and the next "
           "client is served normally.",
           _BS + ".handle_error", level="documented", api=("TCPServer", "StreamRequestHandler")),
    Clause("CLIENT-7", "clients", "A reset in mid-request goes to handle_error()",
           "When a client resets its connection while the handler is still reading its request, the "
           "resulting exception from handle() is passed to handle_error() and the server goes on to "
           "serve the next client.",
           _BS + ".handle_error", level="documented", api=("TCPServer", "StreamRequestHandler")),
    Clause("CLIENT-8", "clients", "A reset in mid-reply goes to handle_error()",
           "When a client resets its connection while the handler is still writing a reply it does "
           "not read, the write error raised in handle() is passed to handle_error() and the server "
           "goes on to serve the next client.",
           _BS + ".handle_error", level="documented", api=("TCPServer", "StreamRequestHandler")),
    Clause("CLIENT-9", "clients", "Connections queued while the server is busy are all served",
           "Up to request_queue_size clients that connect while a synchronous server is busy wait in "
           "the queue and are each served later with their own complete reply; none is closed "
           "unserved.",
           _BS + ".request_queue_size", level="documented", api=("TCPServer", "StreamRequestHandler")),
    Clause("CLIENT-10", "clients", "A burst larger than the queue is served in full",
           "When many more clients than request_queue_size connect at once (on a transport whose "
           "connect() waits for room in the queue, as Unix stream sockets do), every client is "
           "eventually served with its own complete reply.",
           _BS + ".request_queue_size", level="implied", needs=("unix",),
           api=("UnixStreamServer", "StreamRequestHandler")),
    Clause("CLIENT-11", "clients", "A paced client gets each line answered before sending the next",
           "A client that sends one line, waits for the answer, then sends the next (a slow "
           "interactive client) gets each reply as soon as its line is complete: the handler's "
           "readline() does not wait for more input and its writes are not held back until finish().",
           "#socketserver.StreamRequestHandler", level="implied", api=("StreamRequestHandler",)),
)
