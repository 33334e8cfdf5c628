"""The life of a request: server hooks, the handler's setup/handle/finish, errors, what it receives.

Scenario tests run several requests with mixed outcomes (rejected, clean, a handler hook
raising an Exception or a BaseException) against one server, driven either by
handle_request() in the test thread or by serve_forever() in the background, and compare the
recorded hook trace with the model in socketserver_conformance.kits.lifecycle: on a
synchronous server, on a threading one (what the handler's thread does with each outcome)
and on a forking one (what the child does, its exit status, and what the parent sees); see
socketserver_conformance.kits.lifecycle_scenario.

The other clauses (the default handle_error's output, what the handler receives, closing the
connection, a failed accept, BaseServer's cycle) run on every flavour too.  On a threading
server the handler runs in its own thread, on a forking one in a child: what it saw comes
home as recorder events (a child's through the recorder's pipe), and the test judges them
once the worker is done.  Only LIFE-11 and LIFE-12 are the synchronous server's alone: a
handler's BaseException can leave handle_request() or serve_forever() only where the handler
runs in the serving thread; on the other flavours it stays in the thread (THREAD-13/14) or
ends the child (FORK-19/20), which the scenario tests judge instead.
"""
from __future__ import annotations

import contextlib
import io
import os
import pickle
import socket
from typing import Any, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socketserver_conformance.kits.forking import ProcessBarrier, handle_one_request
from socketserver_conformance.kits.lifecycle import FLAVOURS, ORDINARY
from socketserver_conformance.kits.lifecycle_scenario import (
    SCENARIO_TRANSPORTS,
    Workers,
    _inherited,
    run_scenario,
    scenario_clauses,
    send_request as _send_request,
)
from socketserver_conformance.harness import (
    BackgroundCall,
    bounds,
    current_thread,
    STREAM_TRANSPORTS,
    TCP,
    TRANSPORTS,
    UDP,
    ClauseViolation,
    HarnessTimeout,
    Recorder,
    Request,
    Transport,
    api_class,
    expect,
    recording_handler,
    require,
    scaled_examples,
    start_server,
    transport_params,
)

#: A forking scenario forks once per accepted request: it runs fewer examples.
FORKING_EXAMPLES = scaled_examples(0.4, min_examples=3)
DRIVERS = ("handle_request", "serve_forever")


def flavour_params(transports: Any, flavours: Any = FLAVOURS, marks: Any = None) -> List[Any]:
    """``(flavour, transport)`` params for ``@pytest.mark.parametrize("flavour, transport", ...)``.
    A synchronous server's id is its transport's alone (``[tcp]``), the id these tests had before
    they ran on every flavour (the mutant catalog selects by it); the others' ``[threading-tcp]``.
    ``marks(transport)`` gives the marks of a transport's params."""
    return [pytest.param(f, t, id=t.name if f == "sync" else f"{f}-{t.name}",
                         marks=marks(t) if marks else ())
            for t in transports for f in flavours]


def _handle_one(srv: Any, flavour: str, rec: Recorder) -> None:
    """handle_request() in the test thread; on a forking server, a child that returns into it
    records so and exits at once (it never runs the rest of the test)."""
    if flavour == "forking":
        handle_one_request(srv.server, rec)
    else:
        srv.server.handle_request()


# -- one request's life, on each flavour -------------------------------------------------------
# LIFE-11 and LIFE-12 (a handler's BaseException leaves handle_request() / serve_forever())
# are judged on synchronous servers only: that propagation exists only where the handler runs
# in the serving thread.  On threading and forking servers the same exception must stay in the
# handler's thread or child instead (THREAD-13/14, FORK-19/20), judged by the tests below.
@pytest.mark.spec(*scenario_clauses("LIFE-11"))
@pytest.mark.parametrize("transport", transport_params(SCENARIO_TRANSPORTS))
@given(data=st.data())
def test_request_lifecycle_under_handle_request(impl, transport, data):
    run_scenario(impl, transport, data, serve=False)


@pytest.mark.spec(*scenario_clauses("LIFE-12"))
@pytest.mark.parametrize("transport", transport_params(SCENARIO_TRANSPORTS))
@given(data=st.data())
def test_request_lifecycle_under_serve_forever(impl, transport, data):
    run_scenario(impl, transport, data, serve=True)


@pytest.mark.spec(*scenario_clauses(), "THREAD-11", "THREAD-13", "THREAD-14", "THREAD-15")
@pytest.mark.parametrize("transport", transport_params(SCENARIO_TRANSPORTS))
@pytest.mark.parametrize("driver", DRIVERS)
@given(data=st.data())
def test_request_lifecycle_in_handler_threads(impl, driver, transport, data):
    run_scenario(impl, transport, data, serve=driver == "serve_forever", flavour="threading")


@pytest.mark.spec(*scenario_clauses(), "FORK-17", "FORK-20")
@pytest.mark.parametrize("transport", transport_params(SCENARIO_TRANSPORTS))
@pytest.mark.parametrize("driver", [
    # Under handle_request() nothing reaps the children: their exit statuses can be read.
    pytest.param("handle_request", marks=pytest.mark.spec("FORK-2", "FORK-3", "FORK-19")),
    "serve_forever"])
@settings(max_examples=FORKING_EXAMPLES)
@given(data=st.data())
def test_request_lifecycle_in_child_processes(impl, driver, transport, data):
    run_scenario(impl, transport, data, serve=driver == "serve_forever", flavour="forking")


# -- the default handle_error ----------------------------------------------------------------
@pytest.mark.spec("LIFE-8", "LIFE-9")
@pytest.mark.parametrize("flavour, transport", flavour_params((TCP, UDP)))
@given(data=st.data())
def test_default_handle_error_reports_to_stderr(impl, flavour, transport, data):
    hook = data.draw(st.sampled_from(("setup", "handle", "finish")), label="failing hook")
    exc_type = data.draw(st.sampled_from(ORDINARY), label="exception")
    token = data.draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12), label="message")
    message = f"lifecycle-{token}"
    rec = Recorder()
    workers = Workers(rec, flavour)
    client_names: List[Any] = []  # set before the request is handled: a child inherits it

    def fail(h: Any) -> None:
        raise exc_type(message)

    def handle_error(server: Any, request: Any, client_address: Any) -> None:
        # It runs where the handler ran (the serving thread, the request's thread, the child):
        # sys.stderr is swapped there for the inherited call, and what it wrote comes home as
        # an event (a child's through the recorder's pipe, so as facts and a short excerpt).
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            _inherited(server, "handle_error")(request, client_address)
        text = stderr.getvalue()
        host, port = client_names[-1][:2] if client_names else ("?", "?")
        rec.record("probe:stderr", traceback="Traceback" in text and exc_type.__name__ in text and message in text,
                   address=host in text and str(port) in text,
                   excerpt=text if len(text) <= 600 else f"{text[:300]}[...]{text[-300:]}")

    handler = recording_handler(api_class(impl, "BaseRequestHandler"), rec, **{hook: fail})
    with start_server(impl, transport, handler, flavour=flavour, recorder=rec,
                      overrides=workers.overrides(handle_error=handle_error),
                      attrs={"timeout": bounds.soon}, serve=False) as srv:
        client = _send_request(srv)
        client_names.append(client.sock.getsockname())
        _handle_one(srv, flavour, rec)
        workers.wait(1)
    reports = rec.named("probe:stderr")  # complete: the server is closed, the recorder flushed
    text = " / ".join(repr(e.data.get("excerpt")) for e in reports) or "nothing"
    where = f" (on a {flavour} server)" if flavour != "sync" else ""
    # Rule: the inherited handle_error writes the exception's traceback to stderr.
    expect(reports and all(e.data.get("traceback") for e in reports), "LIFE-8",
           f"{exc_type.__name__}({message!r}) raised in {hook}(){where}; handle_error called "
           f"{len(reports)} time(s); stderr got {text}")
    # Rule: that output names the client's host and port.
    expect(all(e.data.get("address") for e in reports), "LIFE-9",
           f"client {client_names[0]!r}{where}; handle_error wrote {text}")


# -- closing the connection ------------------------------------------------------------------
@pytest.mark.spec("LIFE-24")
@pytest.mark.parametrize("flavour, transport", flavour_params(STREAM_TRANSPORTS))
@pytest.mark.parametrize("wbufsize", [0, 8192], ids=["unbuffered", "buffered"])
@given(data=st.data())
def test_finished_stream_request_socket_is_closed(impl, flavour, transport, wbufsize, data):
    line = data.draw(st.binary(max_size=32).map(lambda b: b.replace(b"\n", b"") + b"\n"), label="line")
    rec = Recorder()
    # Our references keep the socket and its files alive, as a handler that stores them would
    # (or a runtime without reference counting): only explicit close() calls release them.
    kept: List[Any] = []
    files: List[Any] = []

    def keep(h: Any) -> None:
        kept.append(h.request)
        files.extend((h.rfile, h.wfile))
        h.wfile.write(h.rfile.readline())

    def close_request(server: Any, request: Any) -> None:
        _inherited(server, "close_request")(request)
        # Judged where close_request() ran, once it has returned: in the serving thread, the
        # request's thread, the child (where the handler's files are), or a forking server's
        # parent (its own copy of the socket).  A child's verdict comes home as an event.
        rec.record("probe:closed", handler_side=any(k is request for k in kept),
                   socket=repr(request), socket_open=request.fileno() != -1,
                   open_files=[repr(f) for f in files if not f.closed] if any(k is request for k in kept) else [])

    handler = recording_handler(api_class(impl, "StreamRequestHandler"), rec, handle=keep)
    handler.wbufsize = wbufsize
    # A forking server's parent closes its copy too (FORK-17): both must have returned.
    calls = 2 if flavour == "forking" else 1
    with contextlib.ExitStack() as stack:
        # A broken server's: ours to close.  Closing may wait on the runtime (a buffered wfile's
        # flush on a green socket of another OS thread's hub, eventlet.green.SocketServer): bounded.
        stack.callback(lambda: BackgroundCall(lambda: [s.close() for s in files + kept],
                                              name="close-kept").wait(bounds.cleanup))
        srv = stack.enter_context(start_server(impl, transport, handler, flavour=flavour, recorder=rec,
                                               overrides={"close_request": close_request}))
        client = srv.client()
        client.send(line)
        client.recv_line(bounds.soon)
        try:
            closed = rec.wait_count("probe:closed", calls)
        except HarnessTimeout:
            closed = rec.named("probe:closed")
    where = f"a {flavour} {transport} server (wbufsize {wbufsize})"
    mine = [e for e in closed if e.data.get("handler_side")]
    # Rule: when close_request() has returned, the request's socket is closed.
    expect(mine, "LIFE-24", f"on {where}, close_request() never returned for the handler's request "
                            f"(it returned {len(closed)} time(s) in all)")
    still_open = [(e.data.get("socket"), e.data.get("open_files")) for e in closed
                  if e.data.get("socket_open") or e.data.get("open_files")]
    expect(not still_open, "LIFE-24",
           f"after close_request() returned on {where}, the request socket and the handler's files "
           f"were still open: {still_open}")


# -- a failed accept ---------------------------------------------------------------------------
def _reply(h: Any) -> None:
    # A stream request is a socket (maybe a green one), a datagram request a (data, socket) pair.
    h.wfile.write(b"served" if isinstance(h.request, tuple) else b"served\n")


@pytest.mark.spec("LIFE-25")
@pytest.mark.parametrize("flavour, transport", flavour_params((TCP, UDP)))
@pytest.mark.parametrize("driver", ["handle_request", "serve_forever"])
@given(data=st.data())
def test_oserror_from_get_request_drops_only_that_request(impl, flavour, transport, driver, data):
    failures = data.draw(st.integers(1, 2), label="failed accepts")
    rec = Recorder()
    failed: List[Any] = []

    def get_request(server: Any) -> Any:
        request, address = _inherited(server, "get_request")()
        if len(failed) < failures:  # as a TLS server's get_request does when a handshake fails
            failed.append(address)
            if not isinstance(request, tuple):  # a stream connection: ours to close
                request.close()
            raise OSError("handshake refused on purpose")
        return request, address

    handler = recording_handler(api_class(impl, transport.handler_base), rec, handle=_reply)
    with start_server(impl, transport, handler, flavour=flavour, recorder=rec,
                      overrides={"get_request": get_request}, attrs={"timeout": bounds.soon}, serve=False) as srv:
        for _ in range(failures):
            _send_request(srv)
            if driver == "handle_request":
                # Rule: handle_request() returns quietly when get_request() fails.
                try:
                    _handle_one(srv, flavour, rec)
                except Exception as exc:
                    raise ClauseViolation("LIFE-25", f"handle_request() raised {exc!r} after get_request() "
                                          f"raised OSError") from exc
        if driver == "serve_forever":
            srv.serve(0.01)
        request = Request(srv, b"next", as_line=True)
        if driver == "handle_request":
            _handle_one(srv, flavour, rec)
        else:
            # A loop that a failed accept ended serves no one: its end is the verdict, not a
            # reply waited out in full.  (The handler's events reach us from a thread or child.)
            with contextlib.suppress(HarnessTimeout):
                rec.wait_for(lambda evs: srv.loop_returned.is_set() or any(
                    e.name in ("handle:exit", "handle:raise") for e in evs), what="the next request, or the loop's end")
        # Rule: the next client is served as if nothing had happened.
        try:
            gone = driver == "serve_forever" and srv.loop_returned.is_set() and not rec.named("handle:exit")
            reply = b"" if gone else request.reply()
        except HarnessTimeout:
            reply = b""
        expect(reply.strip() == b"served", "LIFE-25",
               f"after {failures} failed accept(s), the next client of a {flavour} server got {reply!r} "
               f"({driver}; the loop "
               f"{'raised ' + repr(srv.loop_error) if srv.loop_error else 'ran'})")


#: The mixin a BaseServer subclass takes for each flavour (none for a synchronous one).
_MIXINS = {"sync": None, "threading": "ThreadingMixIn", "forking": "ForkingMixIn"}


@pytest.mark.spec("LIFE-26")
@pytest.mark.parametrize("flavour", FLAVOURS)
@given(data=st.data())
def test_base_server_runs_the_cycle_of_a_custom_transport(impl, flavour, data):
    count = data.draw(st.integers(1, 3), label="requests")
    if flavour == "forking":
        require(impl, "fork")
    mixins = (api_class(impl, _MIXINS[flavour]),) if _MIXINS[flavour] else ()
    rec = Recorder()
    workers = Workers(rec, flavour)
    if flavour == "forking":
        rec.enable_processes()
    listener = socket.create_server(("127.0.0.1", 0))
    clients: List[socket.socket] = []

    class CustomServer(*mixins, api_class(impl, "BaseServer")):  # type: ignore[misc]
        """The least a transport must add to BaseServer (docs: socket, fileno, get_request)."""
        timeout = bounds.soon
        socket = listener

        def fileno(self) -> int:
            return listener.fileno()

        def get_request(self) -> Any:
            return listener.accept()

        def finish_request(self, request: Any, client_address: Any) -> None:
            rec.record("probe:worker")  # where the handler runs: the thread or child to wait for
            workers.threads.append(current_thread())
            super().finish_request(request, client_address)

        def close_request(self, request: Any) -> None:
            rec.record("close_request:enter")
            super().close_request(request)
            request.close()  # the transport's own clean-up, which BaseServer leaves to us

    def echo(h: Any) -> None:
        h.wfile.write(h.rfile.readline())

    handler = recording_handler(api_class(impl, "StreamRequestHandler"), rec, handle=echo)
    parent = os.getpid()
    server = None
    try:
        server = CustomServer(listener.getsockname(), handler)
        replies = []
        for i in range(count):
            client = socket.create_connection(listener.getsockname(), timeout=bounds.soon)
            clients.append(client)
            client.sendall(b"custom %d\n" % i)
            if flavour == "forking":
                handle_one_request(server, rec)
            else:
                server.handle_request()
            with client.makefile("rb") as reply:  # to EOF: close_request ends the connection
                try:
                    replies.append(reply.read())
                except socket.timeout:
                    replies.append(b"(no EOF within %.0f s)" % bounds.soon)
            workers.wait(i + 1)
    finally:
        for c in clients:
            c.close()
        if server is not None:  # joins the threads, reaps the children (bounded)
            closing = BackgroundCall(server.server_close, name="server_close")
            closing.done.wait(bounds.soon)
        listener.close()
        rec.close()  # a child's events are all in
    # On a forking server the child's close_request ends the request; the parent's closes its
    # own copy (FORK-17's to judge).
    closed = len([e for e in rec.named("close_request:enter") if flavour != "forking" or e.pid != parent])
    where = f" ({flavour} flavour)" if flavour != "sync" else ""
    # Rule: the inherited cycle handles each request and ends it through close_request().
    expect(replies == [b"custom %d\n" % i for i in range(count)] and closed == count, "LIFE-26",
           f"{count} requests to a BaseServer subclass{where}: replies {replies!r}, close_request() called "
           f"{closed} time(s){' in the children' if flavour == 'forking' else ''}")


@pytest.mark.spec("LIFE-27")
@pytest.mark.parametrize("flavour, transport", flavour_params(STREAM_TRANSPORTS))
@given(data=st.data())
def test_client_reads_eof_while_a_duplicate_is_held(impl, flavour, transport, data):
    line = data.draw(st.binary(max_size=32).map(lambda b: b.replace(b"\n", b"") + b"\n"), label="line")
    rec = Recorder()
    parent = os.getpid()
    kept: List[int] = []  # duplicates the handler keeps, as a handler that leaks one would
    # On a forking server the handler's duplicate lives in the child, which would close it by
    # exiting: the child holds on here, once its close_request() has returned, until the
    # client has read EOF or given up (a process the handler started would hold it as long).
    held = ProcessBarrier()

    def keep_a_duplicate(h: Any) -> None:
        kept.append(os.dup(h.request.fileno()))
        h.wfile.write(h.rfile.readline())

    def close_request(server: Any, request: Any) -> None:
        _inherited(server, "close_request")(request)
        if kept:  # where the handler ran (not a forking server's parent, closing its copy)
            rec.record("probe:done")  # the server is done with the request: EOF is on its way
            if os.getpid() != parent:
                held.hold()  # bounded; the test releases it at once after its read

    handler = recording_handler(api_class(impl, "StreamRequestHandler"), rec, handle=keep_a_duplicate)
    try:
        with start_server(impl, transport, handler, flavour=flavour, recorder=rec,
                          overrides={"close_request": close_request}) as srv:
            client = srv.client()
            try:
                client.send(line)
                # Once close_request() has returned where the handler ran, the reply and the
                # EOF are already sent: a short wait tells, instead of the whole bound.
                with contextlib.suppress(HarnessTimeout):
                    rec.wait_count("probe:done")
                try:
                    received = client.recv_until_eof(bounds.margin)
                except HarnessTimeout as exc:
                    received = getattr(exc, "received", b"") + b" (and no EOF)"
            finally:
                held.release_all()  # before the server's teardown waits for the child
    finally:
        held.close()
        for fd in kept:
            os.close(fd)
    # Rule: the client sees the end of the connection though a duplicate is still open.
    finished = "" if rec.named("probe:done") else " (the handler never reached close_request())"
    expect(received == line, "LIFE-27",
           f"with the handler keeping a duplicate descriptor, the {flavour} {transport} client read "
           f"{received!r} for {line!r}{finished}")


# -- what the handler receives ---------------------------------------------------------------
_RECEIVES = {"tcp": ("LIFE-18", "LIFE-20"), "tcp6": ("LIFE-18", "LIFE-21"),
             "udp": ("LIFE-19", "LIFE-20"), "udp6": ("LIFE-19", "LIFE-21"),
             "unix-stream": ("LIFE-18", "LIFE-22"), "unix-dgram": ("LIFE-19", "LIFE-23")}


def _socket_types(impl: Any) -> tuple:
    """What counts as "a socket object" for ``impl``: the stdlib's socket class, and that of the
    socket module the implementation itself imports (eventlet.green.SocketServer's is
    eventlet.green.socket, whose GreenSocket is no subclass of socket.socket)."""
    own = getattr(getattr(impl.api, "socket", None), "socket", None)
    return (socket.socket, own) if isinstance(own, type) and own is not socket.socket else (socket.socket,)


def _inspect_request(h: Any, sockets: tuple) -> dict:
    """What the handler sees, taken while the request is live (sockets still open), as plain
    values: in a forked child it comes home pickled in an event."""
    request = h.request
    # ascii(): a socket with the wrong family decodes its addresses into lone surrogates
    seen = {"client_address": h.client_address, "request": ascii(request), "is_socket": False, "is_pair": False}
    if isinstance(request, sockets):
        # plain ints: a runtime's green socket module may carry its own copy of the enums
        # (eventlet.green.socket re-imports socket), whose members do not pickle
        seen.update(is_socket=True, family=int(request.family), type=int(request.type),
                    peer=request.getpeername())
    elif isinstance(request, tuple) and len(request) == 2 and isinstance(request[1], sockets):
        seen.update(is_pair=True, data=request[0], family=int(request[1].family), fileno=request[1].fileno())
    return seen


def _seen_handler(impl: Any, rec: Recorder) -> type:
    sockets = _socket_types(impl)

    def handle(h: Any) -> None:
        rec.record("probe:seen", blob=pickle.dumps(_inspect_request(h, sockets)).hex())
    return recording_handler(api_class(impl, "BaseRequestHandler"), rec, handle=handle)


@pytest.mark.parametrize("flavour, transport", flavour_params(
    TRANSPORTS, marks=lambda t: pytest.mark.spec(*_RECEIVES[t.name])))
@given(data=st.data())
def test_request_and_client_address_have_the_documented_shape(impl, flavour, transport, data):
    payloads = data.draw(st.lists(st.binary(max_size=64), min_size=1, max_size=3), label="datagrams")
    rec = Recorder()
    workers = Workers(rec, flavour)
    with start_server(impl, transport, _seen_handler(impl, rec), flavour=flavour, recorder=rec,
                      overrides=workers.overrides(), attrs={"timeout": bounds.soon}, serve=False) as srv:
        names = []
        for index, payload in enumerate(payloads):
            client = srv.client()
            if transport.is_stream:
                payload = b""
            else:
                client.send(payload)
            names.append(client.sock.getsockname())
            _handle_one(srv, flavour, rec)
            workers.wait(index + 1)  # one request at a time: the events come in request order
        server_fileno = srv.server.socket.fileno()  # a child's is the same descriptor number
        server_family = srv.server.socket.family
    seen = [pickle.loads(bytes.fromhex(e.data["blob"])) for e in rec.named("probe:seen")]
    where = f" on a {flavour} server" if flavour != "sync" else ""
    expect(len(seen) == len(payloads), _RECEIVES[transport.name][0],
           f"{len(payloads)} requests{where}, handle() saw {len(seen)}")
    for index, (payload, name, got) in enumerate(zip(payloads, names, seen)):
        request, address = got["request"], got["client_address"]
        if transport.is_stream:
            # Rule: a stream handler's request is a socket of the server's family, connected to the client.
            expect(got["is_socket"] and got.get("family") == server_family
                   and got.get("type") == socket.SOCK_STREAM and got.get("peer") == name, "LIFE-18",
                   f"request #{index}{where}: self.request was {request} (peer {ascii(got.get('peer'))}); "
                   f"the client is {name!r}")
        else:
            # Rule: a datagram handler's request is (the datagram's bytes, the server's socket).
            expect(got["is_pair"] and isinstance(got.get("data"), bytes) and got.get("data") == payload
                   and got.get("fileno") == server_fileno, "LIFE-19",
                   f"request #{index}{where}: self.request was {request} for datagram {payload!r} "
                   f"(server socket fd {server_fileno})")
        _check_address_shape(transport, index, address, name)


def _check_address_shape(transport: Transport, index: int, address: Any, name: Any) -> None:
    observed = f"request #{index}: client_address was {address!r}; the client socket is {name!r}"
    if transport.family == socket.AF_INET:
        # Rule: IPv4 client addresses are (host: str, port: int), the client's own.
        expect(type(address) is tuple and len(address) == 2 and isinstance(address[0], str)
               and type(address[1]) is int and address == name, "LIFE-20", observed)
    elif transport.family == socket.AF_INET6:
        # Rule: IPv6 client addresses are (host, port, flowinfo, scope_id), host and port the client's.
        expect(type(address) is tuple and len(address) == 4 and isinstance(address[0], str)
               and all(type(x) is int for x in address[1:]) and address[:2] == name[:2], "LIFE-21", observed)
    elif transport.is_stream:
        # Rule: an unbound Unix stream client's address is the platform's empty name.
        expect(isinstance(address, (str, bytes)) and address in ("", b"", name), "LIFE-22", observed)
    else:
        # Rule: a Unix datagram client's address is the path it is bound to.
        expect(isinstance(address, str) and address == name, "LIFE-23", observed)
