"""Clauses of the 'threads' area (tests: conformance/suite/test_threads.py).

ThreadingMixIn and the threading servers built on it (TCP, UDP, Unix stream, Unix datagram):
where requests run, the daemon status of handler threads, what server_close() waits for,
what the server keeps of finished threads, and how handler errors are dealt with.
"""
from socketserver_conformance._spec._clause import Clause

_TM = "#socketserver.ThreadingMixIn"
_THREADS = ("threads",)
_API = ("ThreadingMixIn",)

CLAUSES = (
    Clause("THREAD-1", "threads", "each request gets a new thread",
           "A threading server runs every request's handler in a thread started for that request: "
           "never the thread running serve_forever(), and never a thread an earlier request used.",
           _TM, level="documented", needs=_THREADS, api=_API),
    Clause("THREAD-2", "threads", "requests run concurrently",
           "While handlers are still busy, further requests are handled at the same time, each in a "
           "distinct thread.",
           _TM, level="documented", needs=_THREADS, api=_API),
    Clause("THREAD-3", "threads", "process_request() does not wait for the handler",
           "process_request() hands the request to its thread and returns while the handler is still "
           "running, so the serving loop goes on accepting and serving other clients.",
           "#socketserver.BaseServer.process_request", level="implied", needs=_THREADS, api=_API),
    Clause("THREAD-4", "threads", "daemon_threads sets the handler threads' daemon flag",
           "Handler threads are daemon threads exactly when daemon_threads is true, whether or not the "
           "thread that runs serve_forever() is itself a daemon.",
           _TM + ".daemon_threads", level="documented", needs=_THREADS, api=_API),
    Clause("THREAD-5", "threads", "daemon_threads is false by default",
           "Without daemon_threads set, handler threads are non-daemon threads, even when serve_forever() "
           "runs in a daemon thread.",
           _TM + ".daemon_threads", level="documented", needs=_THREADS, api=_API),
    Clause("THREAD-6", "threads", "server_close() joins non-daemon handler threads",
           "When block_on_close is true (its default) and daemon_threads is false, server_close() returns "
           "only after every handler thread it started has finished.",
           _TM + ".block_on_close", level="documented", needs=_THREADS, api=_API,
           since=(3, 7)),  # bpo-31233, bpo-33540: 3.6's server_close() joined no handler thread
    Clause("THREAD-7", "threads", "block_on_close false: server_close() does not wait",
           "With block_on_close false, server_close() returns while handler threads are still running.",
           _TM + ".block_on_close", level="documented", needs=_THREADS, api=_API),
    Clause("THREAD-8", "threads", "server_close() does not wait for daemon handler threads",
           "With daemon_threads true, server_close() returns while handler threads are still running, "
           "whatever block_on_close says.",
           _TM + ".daemon_threads", level="documented", needs=_THREADS, api=_API),
    Clause("THREAD-9", "threads", "finished handler threads are not kept",
           "The server does not keep references to handler threads that have finished: after many "
           "requests, at most a bounded few finished thread objects remain reachable.",
           "socketserver.py: _Threads docstring", level="cpython", needs=_THREADS, api=_API),
    Clause("THREAD-10", "threads", "server_close() works before any request",
           "server_close() on a threading server that never handled a request returns promptly "
           "without raising, whatever daemon_threads and block_on_close say.",
           _TM + ".block_on_close", level="implied", needs=_THREADS, api=_API),
    Clause("THREAD-11", "threads", "handler errors are handled in the handler's thread",
           "When a handler raises, handle_error() is called in that request's own thread, once per "
           "failed request, never in the serving thread.",
           "socketserver.py: ThreadingMixIn.process_request_thread docstring", level="implied",
           needs=_THREADS, api=_API),
    Clause("THREAD-12", "threads", "a failed request is shut down, serving goes on",
           "After a handler raises, the request is still shut down (a stream client reads EOF) and "
           "the server goes on handling new requests.",
           "#socketserver.BaseServer.handle_error", level="implied", needs=_THREADS, api=_API),
    # -- what a handler's exception does to its thread (the docs are silent: CPython's
    # ThreadingMixIn.process_request_thread, the same in 3.6 to 3.13, is the contract) --------
    # bpo-23430: process_request_thread catches Exception only, shuts down in finally (3.6)
    Clause("THREAD-13", "threads", "a handler's BaseException ends its thread; an Exception does not",
           "In a handler thread, an Exception escaping the handler is reported by handle_error() and "
           "the thread then ends normally; a BaseException that is not an Exception (SystemExit, "
           "KeyboardInterrupt, a custom subclass) is not reported and is not swallowed either: it "
           "leaves the thread's run() (where threading.excepthook sees it). The documentation says "
           "nothing of this; it is what CPython does.",
           "socketserver.py: ThreadingMixIn.process_request_thread", level="cpython", needs=_THREADS,
           api=_API, since=(3, 6)),
    Clause("THREAD-14", "threads", "a handler thread's BaseException does not reach the serving thread",
           "Unlike a synchronous server (LIFE-11, LIFE-12), a threading server is not stopped by a "
           "handler's non-Exception BaseException: handle_request() returns normally and "
           "serve_forever() goes on serving the following requests. The documentation is silent; "
           "this follows from process_request() returning once the thread is started (THREAD-3).",
           "socketserver.py: ThreadingMixIn.process_request_thread", level="cpython", needs=_THREADS,
           api=_API),
    Clause("THREAD-15", "threads", "the handler's thread shuts its request down once, on every path",
           "For an accepted request, shutdown_request() (and through it close_request()) runs exactly "
           "once, in the handler's own thread, after finish_request() and any handle_error() call, "
           "whether the handler returned, raised an Exception or raised another BaseException; the "
           "serving thread never shuts an accepted request down. The documentation is silent; CPython "
           "does it in a finally clause.",
           "socketserver.py: ThreadingMixIn.process_request_thread", level="cpython", needs=_THREADS,
           api=_API),
)
