"""Clauses of the 'serving' area (tests: conformance/suite/test_serving.py).

LOOP-1 and LOOP-2 are also the clauses the harness reports when tearing a server down
goes wrong (shutdown() or server_close() not returning in time), so keep their meaning.
"""
from socketserver_conformance._spec._clause import Clause

_BS = "#socketserver.BaseServer"

CLAUSES = (
    # -- stopping the loop -----------------------------------------------------------------
    Clause("LOOP-1", "serving", "shutdown() stops serve_forever()",
           "shutdown() called from another thread makes serve_forever() return, and shutdown() "
           "itself returns only once the loop has exited: nothing the loop does happens after "
           "shutdown() has returned.",
           _BS + ".shutdown"),
    Clause("LOOP-3", "serving", "shutdown() takes effect within about poll_interval",
           "Once nothing is being handled, serve_forever() notices a shutdown request within "
           "roughly its poll_interval (waking sooner is fine), so shutdown() returns promptly.",
           _BS + ".serve_forever"),
    Clause("LOOP-4", "serving", "a request in progress finishes before the loop stops",
           "When shutdown() is requested while a synchronous server is handling a request, that "
           "request runs to completion (its client gets the whole reply) and then "
           "serve_forever() returns.",
           _BS + ".serve_forever", level="implied"),
    # bpo-35017: the loop re-reads the stop after its wait (3.6.8, 3.7.2, 3.8)
    Clause("LOOP-5", "serving", "nothing is handled once shutdown() was requested",
           "A request that arrives after shutdown() was asked for is not handled by the loop "
           "that is stopping.",
           _BS + ".shutdown", level="implied", since=(3, 6)),
    Clause("LOOP-17", "serving", "a handler may shut down a threading server",
           "A handler running in a ThreadingMixIn server's worker thread may call "
           "server.shutdown(): the call returns, serve_forever() returns, nothing deadlocks.",
           _BS + ".shutdown", level="implied", needs=("threads",), api=("ThreadingMixIn",)),
    # bpo-21040: selectors instead of select() (3.5)
    Clause("LOOP-18", "serving", "a server works whatever its descriptor number",
           "serve_forever() and handle_request() serve requests even when the server's socket "
           "has a descriptor number above 1023 (the most select() can watch), as it does in a "
           "process with many files open.",
           _BS + ".serve_forever", level="implied", since=(3, 5)),
    # -- the listening socket across stop, restart and close ---------------------------------
    Clause("LOOP-2", "serving", "server_close() releases the listening socket",
           "server_close() returns and closes the server's socket: afterwards no new client can "
           "connect (for threading and forking servers after any waiting that block_on_close "
           "asks for).",
           _BS + ".server_close"),
    Clause("LOOP-6", "serving", "shutdown() leaves the listening socket open",
           "After shutdown() clients can still connect or send; their requests wait, unserved, "
           "until serving resumes, and are then handled.",
           _BS + ".shutdown", level="implied"),
    Clause("LOOP-7", "serving", "serve_forever() can run again after shutdown()",
           "Calling serve_forever() again on a server that was shut down (and not closed) "
           "serves requests again, and shutdown() stops it again.",
           _BS + ".serve_forever", level="implied"),
    # -- shutdown() against the loop's start and restart -------------------------------------
    # CPython 3.6 to 3.13 (BaseServer, identical in every version): __init__ creates
    # __is_shut_down = threading.Event() unset and __shutdown_request = False; shutdown() sets
    # the flag, then waits on the event; serve_forever() clears the event, loops
    # `while not self.__shutdown_request`, and in its finally resets the flag and sets the event.
    Clause("LOOP-19", "serving", "shutdown() before the first serve_forever() waits for a loop",
           "shutdown() called on a server whose serve_forever() has never been entered does not "
           "return while no loop has run: it waits until a serve_forever() (called in another "
           "thread) has run and returned, so an application whose loop thread has not yet "
           "reached serve_forever() cannot go on to close the server under it. The docs warn "
           "that shutdown() not called while serve_forever() runs in another thread deadlocks; "
           "CPython's event starts unset (socketserver.py BaseServer.__init__: "
           "`self.__is_shut_down = threading.Event()`, waited on by shutdown()).",
           _BS + ".shutdown", level="implied"),
    Clause("LOOP-20", "serving", "a shutdown() waiting before the loop ends the next serve_forever()",
           "A shutdown() requested before serve_forever() was entered is not lost: the "
           "serve_forever() called next returns promptly (within about poll_interval) without "
           "handling any of the requests already waiting (they are left for a later loop), and "
           "the waiting shutdown() then returns. The docs are silent; this is CPython's "
           "behaviour (serve_forever() tests `while not self.__shutdown_request` before its "
           "first wait), which applications rely on to stop a loop whose thread may not have "
           "started yet.",
           _BS + ".serve_forever", level="cpython"),
    Clause("LOOP-21", "serving", "shutdown() after serve_forever() returned returns at once",
           "shutdown() called when a serve_forever() has already returned and no other loop "
           "runs returns at once (it does not wait for a loop that is not running). The docs "
           "warn of a deadlock when no serve_forever() is running; CPython returns here because "
           "the event its loop set on leaving stays set (socketserver.py BaseServer.shutdown: "
           "`self.__is_shut_down.wait()`).",
           _BS + ".shutdown", level="cpython"),
    Clause("LOOP-22", "serving", "a shutdown() asked for between two loops ends the next one",
           "The stop that a shutdown() asked for after serve_forever() had returned is kept: "
           "the next serve_forever() returns promptly (within about poll_interval) without "
           "handling the requests waiting, and the serve_forever() after that serves them. The "
           "docs are silent; this is CPython's behaviour (shutdown() sets "
           "`self.__shutdown_request = True` whether or not a loop runs, and only a loop's end "
           "resets it).",
           _BS + ".serve_forever", level="cpython"),
    Clause("LOOP-23", "serving", "shutdown() racing serve_forever()'s start stops the loop",
           "When serve_forever() is started in one thread and shutdown() is called in another "
           "without waiting for the loop to be entered, on a new or on a restarted server, then "
           "in every interleaving both calls return (within about poll_interval), "
           "serve_forever() does not keep running, and the request is used up: a later "
           "serve_forever() serves requests again. Which of the two calls returns first, and "
           "whether a request already waiting is handled before the loop stops, depend on the "
           "interleaving and are not part of the contract.",
           _BS + ".shutdown", level="implied"),
    Clause("LOOP-8", "serving", "server_close() may be called twice",
           "A second server_close() on an already closed server returns without raising.",
           "socketserver.py: TCPServer.server_close", level="cpython"),
    # -- the context manager -----------------------------------------------------------------
    # bpo-26404: BaseServer became a context manager (3.6)
    Clause("LOOP-9", "serving", "'with server' yields the server and closes it",
           "Entering a server's with-block gives the server itself; leaving it calls "
           "server_close(), so the listening socket is closed.",
           _BS, since=(3, 6)),
    # bpo-26404 (3.6)
    Clause("LOOP-10", "serving", "'with server' closes it when the body raises",
           "When the body of a server's with-block raises, server_close() is still called and "
           "the exception propagates unchanged.",
           _BS, level="implied", since=(3, 6)),
    # -- what runs on each iteration ---------------------------------------------------------
    # bpo-11109: service_actions() added (3.3)
    Clause("LOOP-11", "serving", "service_actions() runs on every iteration",
           "serve_forever() calls service_actions() after each request it handles and also "
           "when idle, at least about once per poll_interval.",
           _BS + ".service_actions", since=(3, 3)),
    Clause("LOOP-12", "serving", "serve_forever() ignores timeout",
           "serve_forever() pays no attention to the server's timeout attribute: an idle loop "
           "never calls handle_timeout(), however small timeout is.",
           _BS + ".serve_forever"),
    # -- handle_request() --------------------------------------------------------------------
    Clause("LOOP-13", "serving", "handle_request() handles exactly one request",
           "Each handle_request() call handles one pending request and returns, leaving any "
           "other pending requests for later calls.",
           _BS + ".handle_request"),
    Clause("LOOP-14", "serving", "handle_request() honours timeout",
           "With the timeout attribute set and no request arriving, handle_request() calls "
           "handle_timeout() once and returns after about that many seconds (not sooner).",
           _BS + ".timeout"),
    Clause("LOOP-15", "serving", "handle_request() waits the smaller of the two timeouts",
           "When the listening socket has a timeout (socket.settimeout), handle_request() "
           "gives up after that or after the timeout attribute, whichever is smaller, and "
           "calls handle_timeout().",
           "socketserver.py: BaseServer.handle_request", level="cpython"),
    Clause("LOOP-16", "serving", "handle_request() without a timeout waits for a request",
           "With no timeout on the server or its socket, handle_request() keeps waiting until "
           "a request comes, then handles it and returns; it never calls handle_timeout().",
           _BS + ".handle_request"),
)
