"""The life of a request: server hooks, the handler's setup/handle/finish, errors, what it receives.

Scenario tests run several requests with mixed outcomes (rejected, clean, a handler hook
raising an Exception or a BaseException) against one server, driven either by
handle_request() in the test thread or by serve_forever() in the background, and compare the
recorded hook trace with the model in socketserver_conformance.kits.lifecycle: on a
synchronous server, on a threading one (what the handler's thread does with each outcome)
and on a forking one (what the child does, its exit status, and what the parent sees); see
socketserver_conformance.kits.lifecycle_scenario.
"""
from __future__ import annotations

import contextlib
import io
import os
import socket
from typing import Any, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socketserver_conformance.kits.lifecycle import ORDINARY
from socketserver_conformance.kits.lifecycle_scenario import (
    SCENARIO_TRANSPORTS,
    _inherited,
    run_scenario,
    scenario_clauses,
    send_request as _send_request,
)
from socketserver_conformance.harness import (
    SOON,
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
    scaled_examples,
    start_server,
    transport_params,
)

#: The server flavours whose connection handling the closing tests compare.
SYNC_OR_THREADING = st.sampled_from(["sync", "threading"])
#: A forking scenario forks once per accepted request: it runs fewer examples.
FORKING_EXAMPLES = scaled_examples(0.4, min_examples=3)
DRIVERS = ("handle_request", "serve_forever")


# -- one request's life, on each flavour -------------------------------------------------------
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
@pytest.mark.parametrize("transport", transport_params((TCP, UDP)))
@given(data=st.data())
def test_default_handle_error_reports_to_stderr(impl, transport, data):
    hook = data.draw(st.sampled_from(("setup", "handle", "finish")), label="failing hook")
    exc_type = data.draw(st.sampled_from(ORDINARY), label="exception")
    token = data.draw(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12), label="message")
    message = f"lifecycle-{token}"
    rec = Recorder()
    stderr = io.StringIO()
    addresses: List[Any] = []

    def fail(h: Any) -> None:
        raise exc_type(message)

    def handle_error(server: Any, request: Any, client_address: Any) -> None:
        addresses.append(client_address)
        # The server calls this in the test thread (handle_request), so redirecting is safe.
        with contextlib.redirect_stderr(stderr):
            _inherited(server, "handle_error")(request, client_address)

    handler = recording_handler(api_class(impl, "BaseRequestHandler"), rec, **{hook: fail})
    with start_server(impl, transport, handler, recorder=rec, overrides={"handle_error": handle_error},
                      attrs={"timeout": SOON}, serve=False) as srv:
        client = _send_request(srv)
        srv.server.handle_request()
        client_name = client.sock.getsockname()
    text = stderr.getvalue()
    # Rule: the inherited handle_error writes the exception's traceback to stderr.
    expect(addresses and "Traceback" in text and exc_type.__name__ in text and message in text, "LIFE-8",
           f"{exc_type.__name__}({message!r}) raised in {hook}(); handle_error called "
           f"{len(addresses)} time(s); stderr got {text!r}")
    # Rule: that output names the client's host and port.
    host, port = client_name[:2]
    expect(host in text and str(port) in text, "LIFE-9",
           f"client {client_name!r}; handle_error wrote {text!r}")


# -- closing the connection ------------------------------------------------------------------
@pytest.mark.spec("LIFE-24")
@pytest.mark.parametrize("transport", transport_params(STREAM_TRANSPORTS))
@pytest.mark.parametrize("wbufsize", [0, 8192], ids=["unbuffered", "buffered"])
@given(data=st.data())
def test_finished_stream_request_socket_is_closed(impl, transport, wbufsize, data):
    flavour = data.draw(SYNC_OR_THREADING, label="flavour")
    rec = Recorder()
    # Our references keep the socket and its files alive, as a handler that stores them would
    # (or a runtime without reference counting): only explicit close() calls release them.
    kept: List[Any] = []
    files: List[Any] = []

    def keep(h: Any) -> None:
        kept.append(h.request)
        files.extend((h.rfile, h.wfile))
        h.wfile.write(h.rfile.readline())

    handler = recording_handler(api_class(impl, "StreamRequestHandler"), rec, handle=keep)
    handler.wbufsize = wbufsize
    with contextlib.ExitStack() as stack:
        stack.callback(lambda: [s.close() for s in files + kept])  # a broken server's: ours to close
        srv = stack.enter_context(start_server(impl, transport, handler, flavour=flavour, recorder=rec,
                                               instrument=True))
        client = srv.client()
        client.send(b"close me\n")
        client.recv_line(SOON)
        rec.wait_count("close_request:exit")
        # Rule: when close_request() has returned, the request's socket is closed.
        open_files = [f for f in files if not f.closed]
        expect(kept and kept[0].fileno() == -1 and not open_files, "LIFE-24",
               f"after close_request() returned on a {flavour} {transport} server (wbufsize "
               f"{wbufsize}), the request socket {kept[0] if kept else None!r} and the handler's "
               f"files {open_files} were still open")


# -- a failed accept ---------------------------------------------------------------------------
def _reply(h: Any) -> None:
    h.wfile.write(b"served\n" if isinstance(h.request, socket.socket) else b"served")


@pytest.mark.spec("LIFE-25")
@pytest.mark.parametrize("transport", transport_params((TCP, UDP)))
@pytest.mark.parametrize("driver", ["handle_request", "serve_forever"])
@given(data=st.data())
def test_oserror_from_get_request_drops_only_that_request(impl, transport, driver, data):
    failures = data.draw(st.integers(1, 2), label="failed accepts")
    rec = Recorder()
    failed: List[Any] = []

    def get_request(server: Any) -> Any:
        request, address = _inherited(server, "get_request")()
        if len(failed) < failures:  # as a TLS server's get_request does when a handshake fails
            failed.append(address)
            if isinstance(request, socket.socket):
                request.close()
            raise OSError("handshake refused on purpose")
        return request, address

    handler = recording_handler(api_class(impl, transport.handler_base), rec, handle=_reply)
    with start_server(impl, transport, handler, recorder=rec, overrides={"get_request": get_request},
                      attrs={"timeout": SOON}, serve=False) as srv:
        for _ in range(failures):
            _send_request(srv)
            if driver == "handle_request":
                # Rule: handle_request() returns quietly when get_request() fails.
                try:
                    srv.server.handle_request()
                except Exception as exc:
                    raise ClauseViolation("LIFE-25", f"handle_request() raised {exc!r} after get_request() "
                                          f"raised OSError") from exc
        if driver == "serve_forever":
            srv.serve(0.01)
        request = Request(srv, b"next", as_line=True)
        if driver == "handle_request":
            srv.server.handle_request()
        # Rule: the next client is served as if nothing had happened.
        try:
            reply = request.reply()
        except HarnessTimeout:
            reply = b""
        expect(reply.strip() == b"served", "LIFE-25",
               f"after {failures} failed accept(s), the next client got {reply!r} ({driver}; the loop "
               f"{'raised ' + repr(srv.loop_error) if srv.loop_error else 'ran'})")


@pytest.mark.spec("LIFE-26")
@given(data=st.data())
def test_base_server_runs_the_cycle_of_a_custom_transport(impl, data):
    count = data.draw(st.integers(1, 3), label="requests")
    rec = Recorder()
    listener = socket.create_server(("127.0.0.1", 0))
    clients: List[socket.socket] = []

    class CustomServer(api_class(impl, "BaseServer")):  # type: ignore[misc]
        """The least a transport must add to BaseServer (docs: socket, fileno, get_request)."""
        timeout = SOON
        socket = listener

        def fileno(self) -> int:
            return listener.fileno()

        def get_request(self) -> Any:
            return listener.accept()

        def close_request(self, request: Any) -> None:
            rec.record("close_request:enter")
            super().close_request(request)
            request.close()  # the transport's own clean-up, which BaseServer leaves to us

    def echo(h: Any) -> None:
        h.wfile.write(h.rfile.readline())

    handler = recording_handler(api_class(impl, "StreamRequestHandler"), rec, handle=echo)
    try:
        server = CustomServer(listener.getsockname(), handler)
        replies = []
        for i in range(count):
            client = socket.create_connection(listener.getsockname(), timeout=SOON)
            clients.append(client)
            client.sendall(b"custom %d\n" % i)
            server.handle_request()
            with client.makefile("rb") as reply:  # to EOF: close_request ends the connection
                try:
                    replies.append(reply.read())
                except socket.timeout:
                    replies.append(b"(no EOF within %.0f s)" % SOON)
    finally:
        for c in clients:
            c.close()
        listener.close()
    closed = len(rec.named("close_request:enter"))
    # Rule: the inherited cycle handles each request and ends it through close_request().
    expect(replies == [b"custom %d\n" % i for i in range(count)] and closed == count, "LIFE-26",
           f"{count} requests to a BaseServer subclass: replies {replies!r}, close_request() called "
           f"{closed} time(s)")


@pytest.mark.spec("LIFE-27")
@pytest.mark.parametrize("transport", transport_params(STREAM_TRANSPORTS))
@given(data=st.data())
def test_client_reads_eof_while_a_duplicate_is_held(impl, transport, data):
    flavour = data.draw(SYNC_OR_THREADING, label="flavour")
    rec = Recorder()
    kept: List[int] = []  # duplicates the handler keeps, as a handler that leaks one would

    def keep_a_duplicate(h: Any) -> None:
        kept.append(os.dup(h.request.fileno()))
        h.wfile.write(h.rfile.readline())

    handler = recording_handler(api_class(impl, "StreamRequestHandler"), rec, handle=keep_a_duplicate)
    try:
        with start_server(impl, transport, handler, flavour=flavour, recorder=rec) as srv:
            client = srv.client()
            client.send(b"hold on\n")
            try:
                received = client.recv_until_eof()
            except HarnessTimeout as exc:
                received = getattr(exc, "received", b"") + b" (and no EOF)"
    finally:
        for fd in kept:
            os.close(fd)
    # Rule: the client sees the end of the connection though a duplicate is still open.
    expect(received == b"hold on\n", "LIFE-27",
           f"with the handler keeping a duplicate descriptor, the {flavour} {transport} client read "
           f"{received!r}")


# -- what the handler receives ---------------------------------------------------------------
_RECEIVES = {"tcp": ("LIFE-18", "LIFE-20"), "tcp6": ("LIFE-18", "LIFE-21"),
             "udp": ("LIFE-19", "LIFE-20"), "udp6": ("LIFE-19", "LIFE-21"),
             "unix-stream": ("LIFE-18", "LIFE-22"), "unix-dgram": ("LIFE-19", "LIFE-23")}


def _inspect_request(h: Any) -> dict:
    """What the handler sees, taken while the request is live (sockets still open)."""
    request, seen = h.request, {"client_address": h.client_address, "request": h.request}
    if isinstance(request, socket.socket):
        seen.update(family=request.family, type=request.type, peer=request.getpeername())
    elif isinstance(request, tuple) and len(request) == 2 and isinstance(request[1], socket.socket):
        seen.update(family=request[1].family, fileno=request[1].fileno())
    return seen


@pytest.mark.parametrize("transport", [pytest.param(t, id=t.name, marks=pytest.mark.spec(*_RECEIVES[t.name]))
                                       for t in TRANSPORTS])
@given(data=st.data())
def test_request_and_client_address_have_the_documented_shape(impl, transport, data):
    payloads = data.draw(st.lists(st.binary(max_size=64), min_size=1, max_size=3), label="datagrams")
    rec = Recorder()
    seen: List[dict] = []
    handler = recording_handler(api_class(impl, "BaseRequestHandler"), rec,
                                handle=lambda h: seen.append(_inspect_request(h)))
    with start_server(impl, transport, handler, recorder=rec, attrs={"timeout": SOON}, serve=False) as srv:
        names = []
        for payload in payloads:
            client = srv.client()
            if transport.is_stream:
                payload = b""
            else:
                client.send(payload)
            names.append(client.sock.getsockname())
            srv.server.handle_request()
        server_fileno = srv.server.socket.fileno()
        server_family = srv.server.socket.family
    expect(len(seen) == len(payloads), _RECEIVES[transport.name][0],
           f"{len(payloads)} requests, handle() saw {len(seen)}")
    for index, (payload, name, got) in enumerate(zip(payloads, names, seen)):
        request, address = got["request"], got["client_address"]
        if transport.is_stream:
            # Rule: a stream handler's request is a socket of the server's family, connected to the client.
            expect(isinstance(request, socket.socket) and got.get("family") == server_family
                   and got.get("type") == socket.SOCK_STREAM and got.get("peer") == name, "LIFE-18",
                   f"request #{index}: self.request was {request!r} (peer {got.get('peer')!r}); "
                   f"the client is {name!r}")
        else:
            # Rule: a datagram handler's request is (the datagram's bytes, the server's socket).
            expect(isinstance(request, tuple) and len(request) == 2 and isinstance(request[0], bytes)
                   and request[0] == payload and got.get("fileno") == server_fileno, "LIFE-19",
                   f"request #{index}: self.request was {request!r} for datagram {payload!r} "
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
