"""Binding: bind_and_activate, server_address, failed binds, reuse options, fileno, IPv6, Unix."""
from __future__ import annotations

import contextlib
import dataclasses
import os
import selectors
import socket
import stat
from typing import Any, Callable, Iterator, List, Optional, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socketserver_conformance.harness import (bounds, TCP, TCP6, TRANSPORTS, UDP, UDP6, UNIX_DGRAM, UNIX_STREAM,
                                              ClauseViolation, ClientTimeout, Recorder, Request, RunningServer,
                                              Transport, api_class, draw_transport, expect, private_dir, require,
                                              scaled_examples, server_class, start_server, transport_params)
from socketserver_conformance.kits.binding import (AbstractUnixTransport, ListenSpy, closing_server, echo_handler,
                                                   occupied_address, serving, socket_descriptors)

IP_TRANSPORTS = (TCP, TCP6, UDP, UDP6)
UNIX_TRANSPORTS = (UNIX_STREAM, UNIX_DGRAM)

#: One line of payload: any bytes but the line end, which frames stream replies.
PAYLOADS = st.binary(min_size=1, max_size=64).map(lambda b: b.replace(b"\n", b"."))


def serving_examples(test: Callable[..., None]) -> Any:
    """``@given(data=st.data())`` for a test whose examples each start and stop a server: it
    runs a quarter of the profile's examples."""
    return settings(max_examples=scaled_examples(0.25))(given(data=st.data())(test))


def _payload_and_echo(data: st.DataObject, impl: Any, transport: Transport,
                      addresses: Optional[List[Any]] = None) -> Tuple[bytes, Recorder, type]:
    """The payload the test's client sends, and a Recorder with the echo handler recording into
    it (which notes each client_address in ``addresses``, when given)."""
    payload = data.draw(PAYLOADS, label="payload")
    rec = Recorder()
    return payload, rec, echo_handler(impl, transport, rec, addresses)


def _is_unbound(transport, sock: socket.socket) -> bool:
    name = sock.getsockname()
    return name == "" if "unix" in transport.needs else name[1] == 0


def _refuses_connections(transport, address) -> bool:
    probe = socket.socket(transport.family, socket.SOCK_STREAM)
    try:
        probe.settimeout(bounds.soon)
        probe.connect(address)
    except OSError:
        return True
    finally:
        probe.close()
    return False


@pytest.mark.spec("BIND-1", "BIND-2")
@pytest.mark.parametrize("transport", transport_params(TRANSPORTS))
@serving_examples
def test_constructor_binds_and_activates(impl, transport, data):
    payload, rec, handler = _payload_and_echo(data, impl, transport)
    with start_server(impl, transport, handler, recorder=rec, serve=False) as srv:
        server = srv.server
        bound = server.socket.getsockname()
        # Rule: server_address is the bound name, with the real port when port 0 was asked for.
        expect(server.server_address == bound, "BIND-2",
               f"server_address {server.server_address!r} but the socket is bound to {bound!r}")
        if transport in IP_TRANSPORTS:
            expect(bound[1] != 0, "BIND-2", f"socket name {bound!r} after construction has port 0")
        # Rule: the constructor already listens, so a client is queued before any serving starts.
        try:
            request = Request(srv, as_line=True)  # connects; sends once serving has started
        except OSError as exc:
            raise ClauseViolation("BIND-1", f"connecting right after the constructor failed: {exc!r}") from None
        srv.serve()
        request.send(payload)
        reply = request.reply()
        expect(reply == payload, "BIND-1", f"client reached the server but got {reply!r} for {payload!r}")


@pytest.mark.spec("BIND-3")
@pytest.mark.parametrize("transport", transport_params(TRANSPORTS))
@serving_examples
def test_deferred_bind_and_activate(impl, transport, data):
    payload, rec, handler = _payload_and_echo(data, impl, transport)
    cls = server_class(impl, transport)
    with private_dir() as directory:
        requested = transport.bind_address(directory)
        server = cls(requested, handler, bind_and_activate=False)
        with closing_server(server):
            # Rule: with bind_and_activate false nothing is bound after the constructor.
            expect(_is_unbound(transport, server.socket), "BIND-3",
                   f"socket already bound to {server.socket.getsockname()!r} after the constructor")
            if "unix" in transport.needs:
                expect(not os.path.exists(requested), "BIND-3",
                       f"socket file {requested} exists before server_bind()")
            server.server_bind()
            # Rule: server_bind() binds, but a stream server does not accept clients before activation.
            expect(not _is_unbound(transport, server.socket), "BIND-3",
                   f"socket still unbound ({server.socket.getsockname()!r}) after server_bind()")
            if transport.is_stream:
                expect(_refuses_connections(transport, server.server_address), "BIND-3",
                       "a client connected after server_bind() but before server_activate()")
            server.server_activate()
            # Rule: once activated, the server serves like one bound by its constructor.
            with serving(server, transport, recorder=rec, directory=directory) as srv:
                reply = Request(srv, payload, as_line=True).reply()
            expect(reply == payload, "BIND-3", f"after activation the reply was {reply!r} for {payload!r}")


@pytest.mark.spec("BIND-4")
@given(data=st.data())
def test_settings_before_bind_take_effect(impl, data):
    transport = draw_transport(data, impl, (TCP, TCP6, UNIX_STREAM))
    reuse = data.draw(st.booleans(), label="allow_reuse_address")
    backlog = data.draw(st.integers(min_value=1, max_value=64), label="request_queue_size")
    handler = api_class(impl, transport.handler_base)
    cls = server_class(impl, transport)
    with private_dir() as directory:
        server = cls(transport.bind_address(directory), handler, bind_and_activate=False)
        with closing_server(server):
            server.allow_reuse_address = reuse
            server.request_queue_size = backlog
            spy = ListenSpy(server.socket)
            server.socket = spy
            try:
                server.server_bind()
                server.server_activate()
            finally:
                server.socket = spy._sock
            # Rule: the backlog given to listen() is the request_queue_size set before activation.
            expect(spy.backlogs == [backlog], "BIND-4",
                   f"request_queue_size set to {backlog} but listen() got {spy.backlogs!r}")
            if transport in IP_TRANSPORTS:
                # Rule: SO_REUSEADDR follows allow_reuse_address as set before binding.
                option = server.socket.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
                expect(bool(option) == reuse, "BIND-4",
                       f"allow_reuse_address set to {reuse} before server_bind() but SO_REUSEADDR is {option}")


@pytest.mark.spec("BIND-5")
@given(data=st.data())
def test_failed_bind_closes_socket(impl, data):
    transport = draw_transport(data, impl, TRANSPORTS)
    attrs = {"allow_reuse_address": data.draw(st.booleans(), label="allow_reuse_address")}
    cls = server_class(impl, transport)
    cls = type(cls.__name__, (cls,), attrs)
    handler = api_class(impl, transport.handler_base)
    with occupied_address(transport) as taken:
        before = socket_descriptors()
        try:
            server = cls(taken, handler)
        except OSError as exc:
            # Measured while the exception (and anything it references) is still alive, so
            # only an explicit close can make the descriptor disappear.
            opened = sorted(set(socket_descriptors().items()) - set(before.items()))
            # Rule: the failed constructor has closed the socket it made.
            expect(not opened, "BIND-5",
                   f"binding taken address {taken!r} raised {type(exc).__name__} but left "
                   f"socket descriptor(s) {opened} open")
        else:
            server.server_close()
            raise ClauseViolation("BIND-5", f"binding taken address {taken!r} raised no OSError")


@contextlib.contextmanager
def _server_with_flag(impl: Any, data: st.DataObject, flag: str) -> Iterator[Tuple[RunningServer, bool]]:
    """An IP server, not serving, whose class attribute ``flag`` is a drawn bool (and that bool)."""
    transport = draw_transport(data, impl, IP_TRANSPORTS)
    value = data.draw(st.booleans(), label=flag)
    handler = api_class(impl, transport.handler_base)
    with start_server(impl, transport, handler, attrs={flag: value}, serve=False) as srv:
        yield srv, value


@pytest.mark.spec("BIND-6")
@given(data=st.data())
def test_allow_reuse_address_sets_option(impl, data):
    with _server_with_flag(impl, data, "allow_reuse_address") as (srv, reuse):
        option = srv.server.socket.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
    # Rule: SO_REUSEADDR is on exactly when allow_reuse_address is true.
    expect(bool(option) == reuse, "BIND-6", f"allow_reuse_address={reuse} but SO_REUSEADDR is {option}")


@pytest.mark.spec("BIND-7")
@given(data=st.data())
def test_allow_reuse_port_sets_option(impl, data):
    require(impl, "reuse-port")
    with _server_with_flag(impl, data, "allow_reuse_port") as (srv, reuse):
        option = srv.server.socket.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
        # Rule: SO_REUSEPORT is on exactly when allow_reuse_port is true.
        expect(bool(option) == reuse, "BIND-7", f"allow_reuse_port={reuse} but SO_REUSEPORT is {option}")
        if reuse:
            # Rule: with the option on, a second such server can bind the very same port.
            try:
                twin = type(srv.server)(srv.address, srv.server.RequestHandlerClass)
            except OSError as exc:
                raise ClauseViolation("BIND-7", f"a second allow_reuse_port server could not bind "
                                      f"{srv.address!r}: {exc!r}") from None
            twin.server_close()


@pytest.mark.spec("BIND-8")
@given(data=st.data())
def test_fileno_works_with_selectors(impl, data):
    transport = draw_transport(data, impl, TRANSPORTS)
    payload = data.draw(PAYLOADS, label="payload")
    handler = api_class(impl, transport.handler_base)
    with start_server(impl, transport, handler, serve=False) as srv, selectors.DefaultSelector() as sel:
        server = srv.server
        # Rule: fileno() is the descriptor of the server's own socket.
        expect(server.fileno() == server.socket.fileno(), "BIND-8",
               f"fileno() is {server.fileno()} but the server's socket is fd {server.socket.fileno()}")
        sel.register(server, selectors.EVENT_READ)
        idle = sel.select(timeout=0)
        # Rule: the selector sees the server readable only once a client turns up.
        expect(not idle, "BIND-8", f"server readable with no client: {idle!r}")
        client = srv.client()
        if not transport.is_stream:
            client.send(payload)
        ready = sel.select(timeout=bounds.soon)
        expect([key.fileobj for key, _ in ready] == [server], "BIND-8",
               f"selector reported {ready!r} within {bounds.soon:g} s of a client arriving")


@pytest.mark.spec("BIND-9")
@pytest.mark.parametrize("transport", transport_params((TCP6, UDP6)))
@serving_examples
def test_ipv6_servers(impl, transport, data):
    addresses: List[Any] = []
    payload, rec, handler = _payload_and_echo(data, impl, transport, addresses)
    with start_server(impl, transport, handler, recorder=rec) as srv:
        family = srv.server.socket.family
        address = srv.server.server_address
        reply = Request(srv, payload, as_line=True).reply()
    # Rule: an AF_INET6 server has an IPv6 socket bound to ::1 and serves IPv6 clients.
    expect(family == socket.AF_INET6, "BIND-9", f"server socket family {family!r}")
    expect(isinstance(address, tuple) and len(address) == 4 and address[0] == "::1" and address[1] != 0,
           "BIND-9", f"server_address {address!r} is not the bound IPv6 4-tuple for ::1")
    expect(reply == payload, "BIND-9", f"IPv6 client got {reply!r} for {payload!r}")
    expect(len(addresses) == 1 and len(addresses[0]) == 4, "BIND-9",
           f"IPv6 handler saw client_address {addresses!r}")


@pytest.mark.spec("BIND-10")
@pytest.mark.parametrize("transport", transport_params(UNIX_TRANSPORTS))
@serving_examples
def test_unix_servers_bind_a_path(impl, transport, data):
    payload, rec, handler = _payload_and_echo(data, impl, transport)
    with start_server(impl, transport, handler, recorder=rec) as srv:
        path = transport.bind_address(srv.directory)
        mode = os.stat(path).st_mode if os.path.exists(path) else None
        # Rule: the server binds its path: a socket file is there and server_address names it.
        expect(mode is not None and stat.S_ISSOCK(mode), "BIND-10",
               f"no socket file at {path} (mode {mode!r}) after construction")
        expect(srv.server.server_address == path, "BIND-10",
               f"server_address {srv.server.server_address!r}, bound path {path!r}")
        reply = Request(srv, payload, as_line=True).reply()
    expect(reply == payload, "BIND-10", f"client got {reply!r} for {payload!r} through {path}")


@pytest.mark.spec("BIND-11")
@pytest.mark.parametrize("base", transport_params(UNIX_TRANSPORTS))
@serving_examples
def test_unix_servers_bind_abstract_names(impl, base, data):
    as_str = data.draw(st.booleans(), label="name given as str")
    transport = AbstractUnixTransport(**{f.name: getattr(base, f.name) for f in dataclasses.fields(base)},
                                      name_as_str=as_str)
    transport = dataclasses.replace(transport, needs=base.needs + ("abstract-namespace",))
    payload, rec, handler = _payload_and_echo(data, impl, transport)
    with start_server(impl, transport, handler, recorder=rec) as srv:
        address = srv.server.server_address
        bound = srv.server.socket.getsockname()
        files = os.listdir(srv.directory)
        # Rule: the server is bound to the abstract name, and server_address is that name.
        expect(address == bound and isinstance(bound, bytes) and bound.startswith(b"\0ssc-"),
               "BIND-11", f"server_address {address!r}, socket bound to {bound!r}")
        expect(files == [], "BIND-11", f"binding an abstract name created files {files!r}")
        reply = Request(srv, payload, as_line=True).reply()
    expect(reply == payload, "BIND-11", f"client got {reply!r} for {payload!r} via {address!r}")


def _connect_bound_unix_client(srv, index: int) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(bounds.soon)
        sock.bind(os.path.join(srv.directory, f"peer-{index}.sock"))
        sock.connect(srv.address)
    except BaseException:
        sock.close()
        raise
    return sock


@pytest.mark.spec("BIND-12")
@pytest.mark.parametrize("transport", transport_params(TRANSPORTS))
@serving_examples
def test_client_address_is_the_peer_name(impl, transport, data):
    count = data.draw(st.integers(min_value=1, max_value=3), label="clients")
    rec = Recorder()
    seen = []
    handler = echo_handler(impl, transport, rec, seen)
    expected = []
    with start_server(impl, transport, handler, recorder=rec) as srv:
        for index in range(count):
            bind_first = transport is UNIX_STREAM and data.draw(st.booleans(), label="client binds a path")
            if bind_first:
                with _connect_bound_unix_client(srv, index) as sock:
                    expected.append(sock.getsockname())
                    sock.sendall(b"x\n")
                    rec.wait_count("handle:exit", index + 1)
                continue
            request = Request(srv, as_line=True)
            expected.append(request.client.sock.getsockname())
            request.send(b"x")
            rec.wait_count("handle:exit", index + 1)
    # Rule: each handler's client_address is the connecting socket's own name.
    expect(seen == expected, "BIND-12", f"handlers saw client_address {seen!r}; clients were {expected!r}")


@pytest.mark.spec("BIND-13")
@serving_examples
def test_unix_datagram_replies_reach_the_sender(impl, data):
    count = data.draw(st.integers(min_value=2, max_value=4), label="clients")
    payloads = [b"%d:" % i + data.draw(PAYLOADS, label=f"payload {i}") for i in range(count)]
    rec = Recorder()
    handler = echo_handler(impl, UNIX_DGRAM, rec)
    with start_server(impl, UNIX_DGRAM, handler, recorder=rec) as srv:
        clients = [srv.client() for _ in payloads]
        for client, payload in zip(clients, payloads):
            client.send(payload)
        rec.wait_count("finish:exit", count)
        # Every reply has been sent once finish() returned; a short wait is only a safety margin.
        for client, payload in zip(clients, payloads):
            try:
                reply, source = client.recv(timeout=bounds(1.0))
            except ClientTimeout:
                raise ClauseViolation("BIND-13", f"client bound at {client.address!r} got no reply to "
                                      f"{payload!r} though all {count} requests were handled") from None
            # Rule: each client's reply is its own, and it comes from the server's address.
            expect(reply == payload and source == srv.address, "BIND-13",
                   f"client at {client.address!r} sent {payload!r} and received {reply!r} from {source!r}")
