"""Clauses of the 'forking' area (tests: conformance/suite/test_forking.py)."""
from socketserver_conformance._spec._clause import Clause

_FMI = "#socketserver.ForkingMixIn"
_FORK = ("fork",)
_MIXIN = ("ForkingMixIn",)

CLAUSES = (
    # -- where requests run ----------------------------------------------------------------
    Clause("FORK-1", "forking", "each request runs in its own child process",
           "A forking server hands every request to a freshly forked child: the handler runs in a "
           "process other than the server's, and concurrent requests run in distinct processes.",
           _FMI, level="documented", needs=_FORK, api=_MIXIN),
    Clause("FORK-4", "forking", "a child never comes back into the server's code",
           "Once its request is done (cleanly, by an exception, or by a BaseException such as "
           "SystemExit) the child terminates; it never returns from process_request() into the "
           "serving loop or the caller of handle_request().",
           _FMI, level="implied", needs=_FORK, api=_MIXIN),
    Clause("FORK-12", "forking", "ForkingTCPServer and ForkingUDPServer answer from the child",
           "The predefined forking TCP and UDP servers deliver the handler's reply, written in the "
           "child, to the client over their transport.",
           "#socketserver.ForkingTCPServer", level="documented", needs=_FORK,
           api=("ForkingTCPServer", "ForkingUDPServer")),
    # gh-103673: the forking Unix servers (3.12)
    Clause("FORK-13", "forking", "ForkingUnixStreamServer serves in child processes",
           "ForkingUnixStreamServer handles each AF_UNIX stream connection in a child process and "
           "the reply reaches the client.",
           "#socketserver.ForkingUnixStreamServer", level="documented", needs=("fork", "unix"),
           api=("ForkingUnixStreamServer",), since=(3, 12)),
    # gh-103673 (3.12)
    Clause("FORK-14", "forking", "ForkingUnixDatagramServer serves in child processes",
           "ForkingUnixDatagramServer handles each AF_UNIX datagram in a child process and the "
           "reply reaches the client.",
           "#socketserver.ForkingUnixDatagramServer", level="documented", needs=("fork", "unix"),
           api=("ForkingUnixDatagramServer",), since=(3, 12)),
    # -- how children end ------------------------------------------------------------------
    Clause("FORK-2", "forking", "a child exits with status 0 after a clean request",
           "When the handler returns normally, the child process exits with exit status 0.",
           "socketserver.py: ForkingMixIn.process_request", level="cpython", needs=_FORK, api=_MIXIN),
    Clause("FORK-3", "forking", "a handler exception is reported in the child, which exits with 1",
           "When the handler raises an Exception, handle_error() runs in the child process and the "
           "child then exits with exit status 1.",
           "socketserver.py: ForkingMixIn.process_request", level="cpython", needs=_FORK, api=_MIXIN),
    Clause("FORK-17", "forking", "the child shuts the request down; the parent only closes it",
           "After forking, the parent calls close_request() on the request and never "
           "shutdown_request(), which would end the connection for the child too; the child calls "
           "shutdown_request() exactly once before it exits, whether the handler returned or raised.",
           "socketserver.py: ForkingMixIn.process_request", level="cpython", needs=_FORK, api=_MIXIN),
    # bpo-23430: the child's status and handle_error() for Exception only (3.6)
    Clause("FORK-19", "forking", "a handler's BaseException ends the child with status 1, unreported",
           "When the handler raises a BaseException that is not an Exception (SystemExit, whatever "
           "its code, KeyboardInterrupt, a custom subclass), the child does not call handle_error(), "
           "still shuts the request down, and exits with exit status 1, as for an Exception. The "
           "documentation is silent; it is what CPython does (the same in 3.6 to 3.13).",
           "socketserver.py: ForkingMixIn.process_request", level="cpython", needs=_FORK, api=_MIXIN,
           since=(3, 6)),
    # -- the parent's side -----------------------------------------------------------------
    Clause("FORK-5", "forking", "the parent gives up its copy of a stream connection at once",
           "After forking, the parent closes its own descriptor of the accepted connection, so the "
           "connection is fully closed as soon as the child is done with it, while the server "
           "keeps serving.",
           _FMI, level="implied", needs=_FORK, api=_MIXIN),
    Clause("FORK-20", "forking", "the parent is not told how a child's request ended",
           "Whatever the handler in the child did (returned, raised an Exception or another "
           "BaseException), the parent never calls handle_error() for that request, its "
           "handle_request() returns normally and its serve_forever() goes on serving. The "
           "documentation is silent; in CPython the parent's process_request() returns as soon as "
           "the child is forked.",
           "socketserver.py: ForkingMixIn.process_request", level="cpython", needs=_FORK, api=_MIXIN),
    Clause("FORK-6", "forking", "exited children are reaped while serving",
           "While serve_forever() runs, children whose requests are done are collected (no zombie "
           "processes accumulate), without waiting for another request or for server_close().",
           "#socketserver.BaseServer.service_actions", level="documented", needs=_FORK, api=_MIXIN),
    Clause("FORK-7", "forking", "max_children caps the running children",
           "No more than max_children requests are being handled at once; further requests wait "
           "until a child has finished, and no longer: the first child to finish frees a slot.",
           _FMI + ".max_children", level="documented", needs=_FORK, api=_MIXIN),
    # bpo-21491: collect_children rewritten (3.4.2, 3.5)
    Clause("FORK-8", "forking", "handle_timeout() collects exited children",
           "On a forking server, handle_timeout() reaps the children that have exited.",
           "#socketserver.BaseServer.handle_timeout", level="documented", needs=_FORK, api=_MIXIN, since=(3, 4)),
    Clause("FORK-11", "forking", "the server reaps only its own children",
           "While fewer than max_children of its children are active, the server's collection of "
           "children (while serving, on timeout, on close) leaves alone child processes of the "
           "same process that it did not fork itself.",
           "socketserver.py: ForkingMixIn.collect_children", level="cpython", needs=_FORK, api=_MIXIN),
    # -- closing ---------------------------------------------------------------------------
    Clause("FORK-15", "forking", "a server that has not forked yet idles and closes cleanly",
           "Before its first child, a forking server's idle work succeeds: handle_request() timing "
           "out calls handle_timeout() and returns, serve_forever() keeps polling, server_close() "
           "returns; afterwards it still serves requests.",
           _FMI, level="implied", needs=_FORK, api=_MIXIN),
    # bpo-21491: ChildProcessError forgets a child reaped elsewhere (3.4.2)
    Clause("FORK-16", "forking", "children someone else reaped are forgotten",
           "When a child the server forked was reaped by someone else (a SIGCHLD handler, say), "
           "collecting children forgets it, even with max_children reached, and the server keeps "
           "serving.",
           "socketserver.py: ForkingMixIn.collect_children", level="cpython", needs=_FORK, api=_MIXIN, since=(3, 4)),
    # bpo-21491: active_children a set, collected from a copy (3.4.2)
    Clause("FORK-18", "forking", "active_children lists only children not yet collected",
           "After a collection pass (handle_timeout() or service_actions()), active_children holds "
           "none of the pids the server has just reaped, nor those it found reaped by someone else.",
           "socketserver.py: ForkingMixIn.collect_children", level="cpython", needs=_FORK, api=_MIXIN, since=(3, 4)),
    # bpo-31151: server_close() waits for the children (3.7)
    Clause("FORK-9", "forking", "server_close() waits for children when block_on_close is true",
           "With block_on_close true (the default), server_close() returns only after every child "
           "has exited, and those children have been reaped.",
           _FMI + ".block_on_close", level="documented", needs=_FORK, api=_MIXIN, since=(3, 7)),
    # bpo-33540: block_on_close (3.7)
    Clause("FORK-10", "forking", "server_close() does not wait when block_on_close is false",
           "With block_on_close false, server_close() returns while children are still running.",
           _FMI + ".block_on_close", level="documented", needs=_FORK, api=_MIXIN, since=(3, 7)),
)
