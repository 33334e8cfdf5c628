"""The life of a request: server hooks, the handler's setup/handle/finish, errors, what it receives.

Scenario tests run several requests with mixed outcomes (rejected, clean, a handler hook
raising an Exception or a BaseException) against one synchronous server, driven either by
handle_request() in the test thread or by serve_forever() in the background, and compare the
recorded hook trace with the model in socketserver_conformance.kits.lifecycle.
"""
from __future__ import annotations

import contextlib
import io
import os
import socket
from typing import Any, List, Optional, Tuple

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from socketserver_conformance.kits.lifecycle import (
    ORDINARY,
    RequestPlan,
    check_request,
    is_fatal,
    observed_tokens,
    request_plans,
    served_plans,
    split_requests,
)
from socketserver_conformance.harness import (
    SOON,
    STREAM_TRANSPORTS,
    TCP,
    TRANSPORTS,
    UDP,
    UNIX_DGRAM,
    UNIX_STREAM,
    ClauseViolation,
    HarnessTimeout,
    Recorder,
    Request,
    RunningServer,
    Transport,
    api_class,
    expect,
    recording_handler,
    start_server,
    transport_params,
)

SCENARIO_TRANSPORTS = (TCP, UDP, UNIX_STREAM, UNIX_DGRAM)
#: Server hooks the scenario probe wraps to see their arguments (and verify_request's answer).
PROBED_HOOKS = ("verify_request", "process_request", "finish_request", "shutdown_request",
                "close_request")
#: Requests per scenario: enough to mix outcomes on one server, few enough to stay fast.
MAX_REQUESTS = 4
#: The server flavours whose connection handling the closing tests compare.
SYNC_OR_THREADING = st.sampled_from(["sync", "threading"])


def _inherited(server: Any, hook: str) -> Any:
    """The hook of the implementation's class, below the recording subclass."""
    return getattr(type(server).__mro__[1], hook).__get__(server)


def _raise_planned(plan: RequestPlan, hook: str) -> None:
    exc_type = plan.raises(hook)
    if exc_type is not None:
        raise exc_type(f"planned fault in {hook}()")


class ScenarioProbe:
    """Plays the plans: answers verify_request, makes handler hooks raise, keeps what it saw.

    It holds strong references to every request and handler, so sockets are closed only by
    the server (never by garbage collection) and handler identities stay meaningful.
    """

    def __init__(self, plans: List[RequestPlan]) -> None:
        self.plans = plans
        self.accepted = [p for p in plans if p.accept]
        self.got: List[Tuple[Any, Any]] = []                  # what get_request returned
        self.calls: List[Tuple[str, Tuple[Any, ...]]] = []    # (hook, args), in call order
        self.handlers: List[Any] = []                         # in setup() order
        self.seen: List[Tuple[Any, Any, Any]] = []            # request, client_address, server at setup
        self.errors: List[Tuple[Any, Any]] = []               # handle_error's arguments

    # -- the handler -----------------------------------------------------------------------
    def handler(self, impl: Any, rec: Recorder) -> type:
        return recording_handler(api_class(impl, "BaseRequestHandler"), rec, setup=self._setup,
                                 handle=self._handle, finish=self._finish, name="ScenarioHandler")

    def _setup(self, h: Any) -> None:
        index = len(self.handlers)
        self.handlers.append(h)
        self.seen.append(tuple(getattr(h, a, "<missing>") for a in ("request", "client_address", "server")))
        h.life_plan = self.accepted[index] if index < len(self.accepted) else RequestPlan()
        _raise_planned(h.life_plan, "setup")

    def _handle(self, h: Any) -> None:
        _raise_planned(getattr(h, "life_plan", RequestPlan()), "handle")

    def _finish(self, h: Any) -> None:
        _raise_planned(getattr(h, "life_plan", RequestPlan()), "finish")

    # -- the server ------------------------------------------------------------------------
    def overrides(self) -> dict:
        def get_request(server: Any) -> Any:
            result = _inherited(server, "get_request")()
            self.got.append(tuple(result))
            self.calls.append(("get_request", tuple(result)))
            return result

        def verify_request(server: Any, request: Any, client_address: Any) -> bool:
            index = sum(1 for hook, _ in self.calls if hook == "verify_request")
            self.calls.append(("verify_request", (request, client_address)))
            return self.plans[index].accept if index < len(self.plans) else True

        def handle_error(server: Any, request: Any, client_address: Any) -> None:
            self.errors.append((request, client_address))  # quiet: stderr output is LIFE-8's test

        def delegate(hook: str) -> Any:
            def call(server: Any, *args: Any) -> Any:
                self.calls.append((hook, args))
                return _inherited(server, hook)(*args)
            return call

        hooks = {h: delegate(h) for h in PROBED_HOOKS}
        hooks.update(get_request=get_request, verify_request=verify_request, handle_error=handle_error)
        return hooks

    def calls_per_request(self) -> List[List[Tuple[str, Tuple[Any, ...]]]]:
        per: List[List[Tuple[str, Tuple[Any, ...]]]] = []
        for hook, args in self.calls:
            if hook == "get_request" or not per:
                per.append([])
            per[-1].append((hook, args))
        return per


class LoopReturned(Exception):
    """Stands for serve_forever() returning without an error (and without shutdown())."""


def _send_request(srv: RunningServer) -> Any:
    """A new client whose request is its connection alone (stream) or one datagram; the client."""
    return Request(srv, None if srv.transport.is_stream else b"request").client


def _serve_forever_came_back(rec: Recorder, count: int) -> None:
    """Wait until the loop called service_actions after the count-th get_request (bounded)."""
    def idle(events: List[Any]) -> bool:
        seen = 0
        for e in events:
            seen += e.name == "get_request:enter"
            if seen >= count and e.name == "service_actions:enter":
                return True
        return False
    rec.wait_for(idle, what=f"serve_forever() to come back after request #{count}")


def _check_handlers(probe: ScenarioProbe, rec: Recorder, server: Any) -> None:
    # Rule: no handler instance is used for two requests.
    distinct = len({id(h) for h in probe.handlers})
    expect(distinct == len(probe.handlers), "LIFE-5",
           f"{len(probe.handlers)} requests reached setup() on only {distinct} distinct handler instance(s)")
    # Rule: the handler has request, client_address and server, the right ones, when setup() starts.
    for entered in rec.named("setup:enter"):
        present = {k: entered.data.get(k) for k in ("has_request", "has_client_address", "has_server")}
        expect(all(present.values()), "LIFE-1", f"when setup() was entered the handler had {present}")
    for index, (request, address, srv) in enumerate(probe.seen):
        matches = [got_address for got_request, got_address in probe.got if got_request is request]
        expect(matches == [address] and srv is server, "LIFE-1",
               f"handler #{index} had request={request!r}, client_address={address!r}, server={srv!r}; "
               f"get_request gave {probe.got!r}, and the server is {server!r}")


def _check_hook_arguments(probe: ScenarioProbe) -> None:
    # Rule: every per-request hook works on the request get_request produced.
    for index, calls in enumerate(probe.calls_per_request()):
        if calls[0][0] != "get_request":
            continue
        request, address = calls[0][1]
        for hook, args in calls[1:]:
            same = args and args[0] is request and (len(args) < 2 or args[1] == address)
            expect(same, "LIFE-17", f"request #{index}: {hook} got {args!r}, get_request gave "
                                    f"({request!r}, {address!r})")


def _check_traces(probe: ScenarioProbe, rec: Recorder, served: List[RequestPlan]) -> None:
    per_request = split_requests(observed_tokens(rec.events))
    for index, (plan, observed) in enumerate(zip(served, per_request)):
        check_request(index, plan, observed)
    # Rule: the server went on to each request of the scenario (and no further).
    expect(len(per_request) == len(served), "LIFE-16",
           f"{len(per_request)} request(s) went through get_request for {len(served)} sent: {per_request}")
    # Rule: handle_error receives the failed request and its client address.
    failed = [got for got, plan in zip(probe.got, served) if plan.escaping() and not is_fatal(plan.escaping())]
    for (request, address), (got_request, got_address) in zip(probe.errors, failed):
        expect(request is got_request and address == got_address, "LIFE-6",
               f"handle_error got ({request!r}, {address!r}) for the request ({got_request!r}, {got_address!r})")


def _check_eof(clients: List[Any], served: List[RequestPlan]) -> None:
    # Rule: a stream client reads EOF once its request is over, whatever happened to it.
    for index, (client, plan) in enumerate(zip(clients, served)):
        clause = "LIFE-14" if not plan.accept else "LIFE-13" if is_fatal(plan.escaping()) else "LIFE-15"
        expect(client.at_eof(SOON), clause,
               f"request #{index} ({plan!r}): the client did not read EOF within {SOON} s after the request")


def _run_scenario(impl: Any, transport: Transport, data: st.DataObject, *, serve: bool) -> None:
    """Requests with drawn plans against one server, driven by handle_request() or serve_forever()."""
    plans = data.draw(st.lists(request_plans(), min_size=1, max_size=MAX_REQUESTS), label="plans")
    rec = Recorder()
    probe = ScenarioProbe(plans)
    served = served_plans(plans, loop_survives_fatal=not serve)
    for plan in served:
        escaping = plan.escaping()
        event("fatal request" if is_fatal(escaping) else "failed request" if escaping
              else "clean request" if plan.accept else "rejected request")
    outcomes: List[Optional[BaseException]] = []
    with start_server(impl, transport, probe.handler(impl, rec), recorder=rec, instrument=True,
                      overrides=probe.overrides(), attrs={"timeout": SOON}, serve=serve) as srv:
        clients = []
        for index, plan in enumerate(served):
            clients.append(_send_request(srv))
            if serve:
                outcomes.append(_await_served(srv, rec, index, plan))
            else:
                try:
                    srv.server.handle_request()
                    outcomes.append(None)
                except BaseException as exc:  # noqa: B036 - the propagation is what we check
                    outcomes.append(exc)
        _check_traces(probe, rec, served)
        _check_hook_arguments(probe)
        _check_handlers(probe, rec, srv.server)
        _check_propagation(served, outcomes, serve=serve)
        if transport.is_stream:
            _check_eof(clients, served)


def _await_served(srv: RunningServer, rec: Recorder, index: int, plan: RequestPlan) -> Optional[BaseException]:
    """Wait for serve_forever() to finish request #index; the loop's error if it ended."""
    if is_fatal(plan.escaping()):
        srv.loop_returned.wait(SOON)
    else:
        with contextlib.suppress(HarnessTimeout):  # a loop that died is judged from its error
            _serve_forever_came_back(rec, index + 1)
    if not srv.loop_returned.is_set():
        return None
    return srv.loop_error or LoopReturned("serve_forever() returned on its own")


def _check_propagation(served: List[RequestPlan], outcomes: List[Optional[BaseException]], *,
                       serve: bool) -> None:
    call = "serve_forever()" if serve else "handle_request()"
    for index, (plan, outcome) in enumerate(zip(served, outcomes)):
        escaping = plan.escaping()
        if is_fatal(escaping):
            # Rule: a non-Exception BaseException from the handler leaves the server's call.
            clause = "LIFE-12" if serve else "LIFE-11"
            expect(type(outcome) is escaping, clause,
                   f"request #{index} ({plan!r}): {call} "
                   + ("kept running" if serve and outcome is None else f"ended with {outcome!r}"))
        else:
            # Rule: after a clean or handle_error-reported request the server serves on.
            expect(outcome is None, "LIFE-7",
                   f"request #{index} ({plan!r}): {call} "
                   + ("ended" if serve else "raised") + f" with {outcome!r}")


def _scenario_clauses(propagation: str) -> Tuple[str, ...]:
    """What a scenario test checks: the clauses both drivers share, with the one on how a
    fatal request leaves the driver (LIFE-11 handle_request(), LIFE-12 serve_forever())."""
    return ("LIFE-1", "LIFE-2", "LIFE-3", "LIFE-4", "LIFE-5", "LIFE-6", "LIFE-7", "LIFE-10", propagation,
            "LIFE-13", "LIFE-14", "LIFE-15", "LIFE-16", "LIFE-17")


@pytest.mark.spec(*_scenario_clauses("LIFE-11"))
@pytest.mark.parametrize("transport", transport_params(SCENARIO_TRANSPORTS))
@given(data=st.data())
def test_request_lifecycle_under_handle_request(impl, transport, data):
    _run_scenario(impl, transport, data, serve=False)


@pytest.mark.spec(*_scenario_clauses("LIFE-12"))
@pytest.mark.parametrize("transport", transport_params(SCENARIO_TRANSPORTS))
@given(data=st.data())
def test_request_lifecycle_under_serve_forever(impl, transport, data):
    _run_scenario(impl, transport, data, serve=True)


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
