"""Clauses of the 'lifecycle' area (tests: conformance/suite/test_lifecycle.py).

The life of one request: the server hooks a request passes through, the handler instance
made for it (setup, handle, finish), what happens when a hook raises, and what the handler
receives as ``request`` and ``client_address`` on each transport.
"""
from socketserver_conformance._spec._clause import Clause

_BRH = "#socketserver.BaseRequestHandler"
_BS = "#socketserver.BaseServer"
_DOCSTRING = "socketserver.py: BaseServer docstring"
_HANDLER = ("BaseRequestHandler",)

CLAUSES = (
    # -- the handler's own lifecycle -------------------------------------------------------
    Clause("LIFE-1", "lifecycle", "request, client_address, server set before setup()",
           "When setup() starts, the handler already has request and client_address (those the "
           "server accepted for this request) and server (the server object) as attributes.",
           _BRH, level="documented", api=_HANDLER),
    Clause("LIFE-2", "lifecycle", "setup, handle, finish once each, in order",
           "Each accepted request gets exactly one setup() call, then one handle() call, then one "
           "finish() call, and nothing more on its handler.",
           _BRH + ".handle", level="documented", api=_HANDLER),
    Clause("LIFE-3", "lifecycle", "finish() runs when handle() raises",
           "If handle() raises, finish() is still called before the request is closed.",
           _BRH + ".finish", level="documented", api=_HANDLER),
    Clause("LIFE-4", "lifecycle", "setup() raising skips handle() and finish()",
           "If setup() raises, neither handle() nor finish() is called for that request.",
           _BRH + ".finish", level="documented", api=_HANDLER),
    Clause("LIFE-5", "lifecycle", "a fresh handler instance per request",
           "Every request is handled by a new instance of RequestHandlerClass; no instance serves "
           "two requests.",
           _BS + ".RequestHandlerClass", level="documented", api=_HANDLER),
    # -- errors ----------------------------------------------------------------------------
    Clause("LIFE-6", "lifecycle", "handler Exceptions reach handle_error(request, client_address)",
           "An Exception escaping the handler (from setup, handle or finish) leads to exactly one "
           "handle_error() call, given that request's socket and client address; requests that did "
           "not fail never reach handle_error().",
           _BS + ".handle_error", level="documented", api=_HANDLER),
    Clause("LIFE-7", "lifecycle", "the server keeps serving after handle_error",
           "Once handle_error() has dealt with a failed request, handle_request() returns normally "
           "and serve_forever() goes on to serve the following requests.",
           _BS + ".handle_error", level="documented", api=_HANDLER),
    Clause("LIFE-8", "lifecycle", "default handle_error prints the traceback to stderr",
           "The inherited handle_error() writes the traceback of the handler's exception (its type "
           "and message) to sys.stderr: that of the thread or child process the handler ran in, on "
           "threading and forking servers.",
           _BS + ".handle_error", level="documented", api=_HANDLER),
    Clause("LIFE-9", "lifecycle", "default handle_error names the client address",
           "The inherited handle_error() output names the failed request's client address (host and "
           "port for IP transports).",
           _DOCSTRING, level="cpython", api=_HANDLER,
           since=(3, 6)),  # bpo-23430: before 3.6 the address line went to stdout
    Clause("LIFE-10", "lifecycle", "handle_error is not called for non-Exception BaseExceptions",
           "A BaseException that is not an Exception (SystemExit, KeyboardInterrupt, a custom "
           "subclass) escaping the handler never reaches handle_error().",
           _BS + ".handle_error", level="documented", api=_HANDLER, since=(3, 6)),
    # bpo-23430: only an Exception goes to handle_error(); others propagate (3.6)
    Clause("LIFE-11", "lifecycle", "BaseException propagates out of handle_request()",
           "A non-Exception BaseException escaping the handler is re-raised by handle_request() "
           "(the same exception type), instead of being swallowed.",
           _BS + ".handle_request", level="implied", api=_HANDLER, since=(3, 6)),
    # bpo-23430 (3.6)
    Clause("LIFE-12", "lifecycle", "BaseException propagates out of serve_forever()",
           "A non-Exception BaseException escaping the handler ends serve_forever(), which re-raises "
           "that exception type.",
           _BS + ".serve_forever", level="implied", api=_HANDLER, since=(3, 6)),
    # bpo-23430: the request is shut down before re-raising (3.6)
    Clause("LIFE-13", "lifecycle", "the request is shut down before a BaseException propagates",
           "Before a non-Exception BaseException from the handler leaves the server (or the "
           "handler's thread, or ends its child process), the request went through "
           "shutdown_request() and close_request(): a stream client reads EOF.",
           _DOCSTRING, level="cpython", api=_HANDLER, since=(3, 6)),
    # -- the server's per-request hooks ----------------------------------------------------
    Clause("LIFE-14", "lifecycle", "verify_request() returning False rejects the request",
           "When verify_request() answers False, no handler is made: process_request and "
           "finish_request are not called (LIFE-28: and the request is shut down).",
           _BS + ".verify_request", level="documented", api=_HANDLER),
    # bpo-26309: the rejected request is shut down (3.6; also 3.5.2)
    Clause("LIFE-28", "lifecycle", "a rejected request is shut down",
           "When verify_request() answers False, the request goes through shutdown_request() and "
           "close_request() once, as every other request does: a stream client reads EOF.  Before "
           "Python 3.6 (bpo-26309) a rejected request was left to the garbage collector.",
           _BS + ".verify_request", level="implied", api=_HANDLER, since=(3, 6)),
    Clause("LIFE-15", "lifecycle", "every request is shut down and closed once",
           "Whatever its outcome, each request goes through shutdown_request() and close_request() "
           "exactly once; a stream client reads EOF afterwards. On a forking server that is the "
           "child's; the parent only closes its own copy (FORK-17).",
           _DOCSTRING, level="implied", api=_HANDLER),
    Clause("LIFE-16", "lifecycle", "per-request server hooks run in order",
           "For each request the server enters get_request, verify_request, process_request, "
           "finish_request, shutdown_request, close_request in that order, the handler's methods "
           "running inside finish_request and handle_error (if any) before shutdown_request; on a "
           "threading or forking server, from finish_request on in the handler's thread or child.",
           _BS + ".handle_request", level="implied", api=_HANDLER),
    Clause("LIFE-17", "lifecycle", "every hook receives the request get_request produced",
           "verify_request, process_request, finish_request and shutdown_request receive the very "
           "request object (and, where they take one, the client address) that get_request returned.",
           _BS + ".get_request", level="implied", api=_HANDLER),
    # -- what the handler receives ---------------------------------------------------------
    Clause("LIFE-18", "lifecycle", "stream request is the connected socket",
           "For stream servers self.request is a socket object of the server's family, connected to "
           "the client.",
           _BRH + ".handle", level="documented", api=_HANDLER),
    Clause("LIFE-19", "lifecycle", "datagram request is a (data, socket) pair",
           "For datagram servers self.request is a 2-tuple: the datagram's bytes exactly as sent, "
           "and the server's socket.",
           _BRH + ".handle", level="documented", api=_HANDLER),
    Clause("LIFE-20", "lifecycle", "IPv4 client_address is (host, port)",
           "On TCP and UDP over IPv4, client_address is a tuple of the client's host (str) and port "
           "(int), equal to the client socket's own address.",
           _BS + ".get_request", level="implied", api=_HANDLER),
    Clause("LIFE-21", "lifecycle", "IPv6 client_address is a 4-tuple",
           "On TCP and UDP over IPv6, client_address is (host, port, flowinfo, scope_id) with str "
           "host and int fields, host and port equal to the client socket's own.",
           _BS + ".get_request", level="implied", needs=("ipv6",), api=_HANDLER),
    Clause("LIFE-22", "lifecycle", "Unix stream client_address is the peer's (unnamed) address",
           "On Unix stream servers, client_address is the str or bytes the platform reports for the "
           "connecting socket; for an unbound client that is an empty name ('' on Linux).",
           _BS + ".get_request", level="cpython", needs=("unix",), api=_HANDLER),
    Clause("LIFE-23", "lifecycle", "Unix datagram client_address is the client's bound path",
           "On Unix datagram servers, client_address is the filesystem path the sending socket is "
           "bound to.",
           _BS + ".get_request", level="implied", needs=("unix",), api=_HANDLER),
    Clause("LIFE-24", "lifecycle", "a finished stream request's socket is closed",
           "Once the server is done with a stream request (close_request() has returned), the "
           "connection's socket is closed, not left for the garbage collector to reclaim (which "
           "on runtimes without reference counting may never happen).  On a forking server that "
           "holds in the child, which closes the handler's files too, and in the parent for its own copy.",
           _DOCSTRING, level="implied", api=_HANDLER),
    Clause("LIFE-25", "lifecycle", "an OSError from get_request() drops only that request",
           "When get_request() raises an OSError (a connection that failed while being accepted, a "
           "TLS handshake refused by an overriding get_request), the server skips that request: "
           "handle_request() returns without raising, serve_forever() keeps serving, and the next "
           "client is served as usual.",
           _BS + ".get_request", level="cpython", api=_HANDLER),
    Clause("LIFE-26", "lifecycle", "BaseServer runs the request cycle for a custom transport",
           "A direct BaseServer subclass that supplies socket, fileno() and get_request() has its "
           "requests handled by the inherited handle_request(), each one ending in "
           "shutdown_request() and, through it, close_request(); with ThreadingMixIn or ForkingMixIn "
           "as well, in the request's thread or child.",
           _BS, level="implied", api=("BaseServer", "StreamRequestHandler")),
    Clause("LIFE-27", "lifecycle", "the client reads EOF even if the socket is still held",
           "After a stream request the server shuts the connection down, not only closes its "
           "socket, so the client reads EOF even while another descriptor of that socket stays "
           "open (one the handler duplicated and kept, or a process it started).",
           "socketserver.py: TCPServer.shutdown_request", level="cpython", api=_HANDLER),
)
