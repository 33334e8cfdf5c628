"""Concurrent, slow and misbehaving clients (the seed notes' central scenario).

A synchronous server blocked by a slow client, the threading and forking servers that
keep serving, clients that vanish mid-request, and more clients than the listen queue.
Handlers are a correct line echo (``socketserver_conformance.kits.clients.echo_service``).
"""
from __future__ import annotations

import contextlib
import socket
from typing import Any, Dict, List, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socketserver_conformance.kits.clients import (
    BULK_STARTED, ERROR, HELLO, bulk_line, bulk_reply, client_lines, echo_service, handler_span,
    hello_order, partial_lines, plain_lines, queued_stream_client, require_reply, tag_line, tagged,
    wait_or_loop_end,
)
from socketserver_conformance.harness import (bounds,
    TCP, UNIX_STREAM, ClauseViolation, HarnessTimeout, Recorder, api_class,
    expect, scaled_examples, start_server, transport_params,
)
from socketserver_conformance.harness.strategies import chunkings, pause_schedules

_SLOW_KINDS = ("dribbler", "slow-reader", "silent")

#: How long a synchronous server is given to (wrongly) start a queued client's handler while
#: the first one is held.  A correct server starts none, so the window never fails it; it only
#: gives a concurrent one the chance to show itself (it would within one poll interval).
_BUSY_WINDOW_S = 0.1  # at time scale 1: read it as bounds(_BUSY_WINDOW_S)


def _hello(tag: str):
    return lambda evs: any(e.name == HELLO and e.data.get("tag") == tag for e in evs)


def _count(*names: str):
    def count(evs) -> int:
        return sum(e.name in names for e in evs)
    return count


# -- synchronous servers: one at a time, in order, nobody dropped -----------------------------
@pytest.mark.spec("CLIENT-1", "CLIENT-2", "CLIENT-9")
@pytest.mark.parametrize("transport", transport_params((TCP, UNIX_STREAM)))
@settings(max_examples=scaled_examples(0.6))
@given(data=st.data())
def test_sync_server_serves_queued_clients_one_at_a_time_in_order(impl, transport, data):
    queue = data.draw(st.integers(2, 4), label="request_queue_size")
    waiting = queue  # exactly what the listen queue must hold behind the busy handler
    scripts = [data.draw(client_lines(max_size=3), label=f"lines of c{i}") for i in range(waiting + 1)]
    tags = [f"c{i}" for i in range(waiting + 1)]
    rec = Recorder()
    handler = echo_service(api_class(impl, transport.handler_base), rec, hold={"c0"})
    with start_server(impl, transport, handler, recorder=rec,
                      attrs={"request_queue_size": queue}) as srv:
        first = srv.client()
        first.send(tag_line("c0"))
        rec.wait_for(_hello("c0"), what="c0's handler to start")
        queued = []
        for tag, script in zip(tags[1:], scripts[1:]):
            client = srv.client()
            client.send(tag_line(tag) + b"".join(script))
            client.half_close()
            queued.append(client)
        with contextlib.suppress(HarnessTimeout):
            rec.wait_for(lambda evs: len(hello_order(evs)) > 1, timeout=bounds(_BUSY_WINDOW_S),
                         what="a queued client's handler to start (it must not)")
        entered_while_busy = hello_order(rec.events)
        rec.gate("hold:c0").open()
        first.send(b"".join(scripts[0]))
        first.half_close()
        # Rule: every client, held or queued, gets its own complete echo; none is dropped.
        for tag, script, client in zip(tags, scripts, [first, *queued]):
            require_reply(client, tag_line(tag) + b"".join(script), "CLIENT-9",
                          f"client {tag} (queued behind c0, request_queue_size={queue})")
        events = rec.events
    # Rule: while c0's handler was busy, no queued client's handler had started.
    expect(entered_while_busy == ["c0"], "CLIENT-1",
           f"handlers started while c0 was still inside handle(): {entered_while_busy}")
    spans = {tag: handler_span(events, tag) for tag in tags}
    expect(all(spans.values()), "CLIENT-1", f"handler spans by client: {spans}")
    order = sorted(tags, key=lambda t: spans[t]["enter"])
    overlaps = [(a, b) for a, b in zip(order, order[1:]) if spans[b]["enter"] < spans[a]["exit"]]
    # Rule: each handler starts only after the previous one has returned.
    expect(not overlaps, "CLIENT-1",
           f"handle() of the second client started before the first returned: {overlaps}")
    # Rule: queued clients are served in the order in which they connected.
    expect(hello_order(events) == tags, "CLIENT-2",
           f"clients connected in order {tags} were served in order {hello_order(events)}")


# -- threading and forking servers keep serving -----------------------------------------------
@st.composite
def _slow_clients(draw: st.DrawFn) -> List[Dict[str, Any]]:
    kinds = draw(st.lists(st.sampled_from(_SLOW_KINDS), min_size=1, max_size=4), label="slow clients")
    plans = []
    for i, kind in enumerate(kinds):
        plan: Dict[str, Any] = {"tag": f"s{i}", "kind": kind,
                                "later": draw(plain_lines(max_size=2), label=f"s{i} later lines")}
        if kind == "dribbler":
            plan["partial"] = draw(partial_lines(), label=f"s{i} unfinished line")
            plan["pauses"] = draw(pause_schedules(max_size=4), label=f"s{i} pauses")
        elif kind == "slow-reader":
            plan["size"] = draw(st.sampled_from([1 << 18, 1 << 20, 1 << 22]), label=f"s{i} reply size")
        plans.append(plan)
    return plans


def _start_slow_client(srv: Any, rec: Recorder, plan: Dict[str, Any], clause: str, index: int,
                       made: List[Any]) -> Any:
    """Connect one slow client and bring its handler to the point where it hangs on the client."""
    client = srv.client()
    made.append(client)
    tag = plan["tag"]
    try:
        if plan["kind"] == "dribbler":
            client.send(tag_line(tag))
            head = plan["partial"][: len(plan["partial"]) // 2]
            client.send_segments([bytes([b]) for b in head], plan["pauses"])
            plan["sent"] = len(head)
            rec.wait_for(_hello(tag), what=f"{tag}'s handler to read its tag")
        elif plan["kind"] == "slow-reader":
            client.send(tag_line(tag) + bulk_line(plan["size"]))
            rec.wait_for(lambda evs: any(e.name == BULK_STARTED and e.data.get("tag") == tag
                                         for e in evs), what=f"{tag}'s handler to start its reply")
        else:
            rec.wait_count("handle:enter", index + 1)
    except HarnessTimeout:
        raise ClauseViolation(clause, f"slow client {index} ({plan['kind']}) never reached handle() "
                                      f"while {index} earlier slow client(s) were inside handle()")
    return client


def _finish_slow_client(client: Any, plan: Dict[str, Any]) -> bytes:
    """Send the rest of the slow client's request and return the reply it must now get."""
    tag = plan["tag"]
    later = b"".join(plan["later"])
    if plan["kind"] == "dribbler":
        rest = plan["partial"][plan["sent"]:] + b"\n"
        client.send(rest + later)
        expected = tag_line(tag) + plan["partial"] + b"\n" + later
    elif plan["kind"] == "slow-reader":
        client.send(later)
        expected = tag_line(tag) + bulk_reply(tag, plan["size"]) + later
    else:
        client.send(tag_line(tag) + later)
        expected = tag_line(tag) + later
    client.half_close()  # not close(): forked children may hold copies of this socket
    return expected


def _slow_clients_scenario(impl: Any, transport: Any, flavour: str, data: Any, clause: str) -> None:
    plans = data.draw(_slow_clients(), label="slow clients")
    newcomer = data.draw(client_lines(), label="new client's lines")
    finish_order = data.draw(st.permutations(range(len(plans))), label="order the slow clients finish")
    rec = Recorder()
    handler = echo_service(api_class(impl, transport.handler_base), rec)
    with start_server(impl, transport, handler, flavour=flavour, recorder=rec) as srv:
        made: List[Any] = []
        try:
            _serve_slow_clients(srv, rec, plans, newcomer, finish_order, clause, made)
        except BaseException:
            # Forked children may hold copies of our sockets, so close() alone would not end
            # their connections: shut every connection down so no child waits on us forever.
            for client in made:
                with contextlib.suppress(OSError):
                    client.sock.shutdown(socket.SHUT_RDWR)
            raise


def _serve_slow_clients(srv: Any, rec: Recorder, plans: List[Dict[str, Any]], newcomer: List[bytes],
                        finish_order: List[int], clause: str, made: List[Any]) -> None:
    """Slow clients hang on their handlers, a new client is served beside them, then they finish."""
    slow = []
    for i, plan in enumerate(plans):
        slow.append(_start_slow_client(srv, rec, plan, clause, i, made))
    dribblers = [(c, p) for c, p in zip(slow, plans) if p["kind"] == "dribbler"]
    fresh = srv.client()
    made.append(fresh)
    fresh.send(tag_line("new"))
    for line in newcomer:
        fresh.send(line)
        for client, plan in dribblers:  # the slow senders keep trickling, never finishing a line
            if plan["sent"] < len(plan["partial"]) - 1:
                client.send(plan["partial"][plan["sent"]:plan["sent"] + 1])
                plan["sent"] += 1
    fresh.half_close()
    kinds = [p["kind"] for p in plans]
    try:
        got = fresh.recv_until_eof()
    except HarnessTimeout as exc:
        raise ClauseViolation(clause, f"a new client got {getattr(exc, 'received', b'')!r} and no EOF "
                                      f"while {len(plans)} slow client(s) {kinds} were connected")
    returned = [e for e in rec.events if e.name in ("handle:exit", "handle:raise")]
    # Rule: the new client is answered while every slow client's handler is still running.
    expect(len(returned) <= 1 and not tagged(rec, ERROR), clause,
           f"{len(returned)} handler(s) had returned when the new client was answered "
           f"(slow clients {kinds}): {[e.name for e in returned]}")
    # Rule: the new client gets exactly its own lines back, in order.
    expected_new = tag_line("new") + b"".join(newcomer)
    expect(got == expected_new, "CLIENT-5",
           f"new client got {got!r}, sent {expected_new!r}, beside slow clients {kinds}")
    for i in finish_order:
        expected = _finish_slow_client(slow[i], plans[i])
        # Rule: each slow client, once it finishes, gets exactly its own stream back.
        require_reply(slow[i], expected, "CLIENT-5", f"slow client {plans[i]['tag']} ({plans[i]['kind']})")


@pytest.mark.spec("CLIENT-3", "CLIENT-5")
@pytest.mark.parametrize("transport", transport_params((TCP, UNIX_STREAM)))
@settings(max_examples=scaled_examples(0.6))
@given(data=st.data())
def test_threading_server_answers_new_client_while_slow_clients_hang(impl, transport, data):
    _slow_clients_scenario(impl, transport, "threading", data, "CLIENT-3")


@pytest.mark.spec("CLIENT-4", "CLIENT-5")
@pytest.mark.parametrize("transport", transport_params((TCP, UNIX_STREAM)))
@settings(max_examples=scaled_examples(0.3))
@given(data=st.data())
def test_forking_server_answers_new_client_while_slow_clients_hang(impl, transport, data):
    _slow_clients_scenario(impl, transport, "forking", data, "CLIENT-4")


# -- paced, interactive clients ----------------------------------------------------------------
@pytest.mark.spec("CLIENT-11")
@pytest.mark.parametrize("transport", transport_params((TCP, UNIX_STREAM)))
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_paced_client_gets_each_line_answered_before_the_next(impl, transport, data):
    script = data.draw(client_lines(max_size=5), label="lines")  # all newline-terminated
    rec = Recorder()
    handler = echo_service(api_class(impl, transport.handler_base), rec)
    with start_server(impl, transport, handler, recorder=rec) as srv:
        client = srv.client()
        for n, line in enumerate([tag_line("paced"), *script]):
            segments = data.draw(chunkings(line, max_size=4), label=f"segments of line {n}")
            pauses = data.draw(pause_schedules(max_size=len(segments)), label=f"pauses in line {n}")
            client.send_segments(segments, pauses)
            try:
                answer = client.recv_line()
            except HarnessTimeout as exc:
                raise ClauseViolation("CLIENT-11", f"line {n} {line!r} was complete but not answered "
                                      f"(got {getattr(exc, 'received', b'')!r}) before the client "
                                      f"would send its next line")
            # Rule: each complete line is answered, with itself, before the client sends more.
            expect(answer == line, "CLIENT-11", f"line {n} {line!r} was answered with {answer!r}")
        client.half_close()
        require_reply(client, b"", "CLIENT-11", "the paced client at EOF (every line already answered)")


# -- clients that vanish ------------------------------------------------------------------------
def _probe(srv: Any, rec: Recorder, tag: str, clause: str, after: str) -> None:
    """A well-behaved client right after a misbehaving one: it must be served normally."""
    client = srv.client()
    client.send(tag_line(tag) + b"still there?\n")
    client.half_close()
    try:
        served = wait_or_loop_end(rec, srv, lambda evs: any(
            e.name == "client:bye" and e.data.get("tag") == tag for e in evs), what=f"{tag} to be served")
    except HarnessTimeout:
        served = True  # not served in time: require_reply below states what the client saw
    # Rule: the server is still serving when the next client arrives.
    expect(served, clause, f"serve_forever() ended with {srv.loop_error!r} after {after}")
    require_reply(client, tag_line(tag) + b"still there?\n", clause, f"the next client after {after}")


def _errors_reach_handle_error(rec: Recorder, srv: Any, clause: str, after: str) -> None:
    """Every handle() that raised so far has been passed on to handle_error()."""
    def settled(evs) -> bool:
        return _count("handle_error:exit", "handle_error:raise")(evs) >= _count("handle:raise")(evs)
    reached = wait_or_loop_end(rec, srv, settled, what="handle_error() for each handle() that raised")
    raised = [e.data.get("exc") for e in rec.events if e.name == "handle:raise"]
    # Rule: an exception from handle() goes to handle_error(), never out of serve_forever().
    expect(reached, clause, f"handle() raised {raised} after {after}; serve_forever() ended with "
                            f"{srv.loop_error!r} instead of calling handle_error()")


def _flavours() -> List[Any]:
    return [pytest.param("sync", id="sync"), pytest.param("threading", id="threading")]


@pytest.mark.spec("CLIENT-6")
@pytest.mark.parametrize("flavour", _flavours())
@given(data=st.data())
def test_clients_that_leave_at_once_do_not_disturb_the_server(impl, flavour, data):
    leavers = data.draw(st.lists(st.sampled_from(["close", "reset", "half-close", "tag-then-close"]),
                                 min_size=1, max_size=4), label="how each client leaves")
    rec = Recorder()
    handler = echo_service(api_class(impl, TCP.handler_base), rec)
    with start_server(impl, TCP, handler, flavour=flavour, recorder=rec, instrument=True) as srv:
        for i, how in enumerate(leavers):
            client = srv.client()
            if how == "reset":
                client.reset()
            elif how == "half-close":
                client.half_close()
            elif how == "tag-then-close":
                client.send(tag_line(f"gone{i}"))
                client.close()
            else:
                client.close()
            _probe(srv, rec, f"probe{i}", "CLIENT-6", f"a client that connected and left at once ({how})")
        _errors_reach_handle_error(rec, srv, "CLIENT-6", f"clients that left at once {leavers}")


def _reset_mid_exchange(impl: Any, flavour: str, data: Any, clause: str, stage: str) -> None:
    rounds = data.draw(st.integers(1, 3), label="misbehaving clients")
    # Everything is drawn before the server runs: a round that fails then cannot change what a
    # replay of the example draws (an implementation whose failures depend on timing).
    lines = [b"".join(data.draw(plain_lines(max_size=2), label=f"r{i} lines")) for i in range(rounds)]
    unfinished = [data.draw(partial_lines(), label=f"r{i} unfinished line") if stage == "request" else b""
                  for i in range(rounds)]
    rec = Recorder()
    handler = echo_service(api_class(impl, TCP.handler_base), rec)
    with start_server(impl, TCP, handler, flavour=flavour, recorder=rec, instrument=True) as srv:
        for i in range(rounds):
            tag = f"r{i}"
            client = srv.client()
            done_before = len(tagged(rec, ERROR)) + len(tagged(rec, "client:bye"))
            client.send(tag_line(tag) + lines[i])
            if stage == "request":
                rec.wait_for(_hello(tag), what=f"{tag}'s handler to read its tag", clause=clause)
                client.send(unfinished[i])
            else:
                client.send(bulk_line(8 << 20))  # about twice what loopback TCP buffers hold unread
                rec.wait_for(lambda evs: any(e.name == BULK_STARTED and e.data.get("tag") == tag
                                             for e in evs), what=f"{tag}'s handler to start its reply",
                             clause=clause)
            client.reset()
            rec.wait_for(lambda evs: _count(ERROR, "client:bye")(evs) > done_before,
                         what=f"{tag}'s handler to notice the reset", clause=clause)
            after = f"client {tag} reset its connection in mid-{stage}"
            _errors_reach_handle_error(rec, srv, clause, after)
            _probe(srv, rec, f"probe{i}", clause, after)


@pytest.mark.spec("CLIENT-7")
@pytest.mark.parametrize("flavour", _flavours())
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_reset_in_mid_request_goes_to_handle_error(impl, flavour, data):
    _reset_mid_exchange(impl, flavour, data, "CLIENT-7", "request")


@pytest.mark.spec("CLIENT-8")
@pytest.mark.parametrize("flavour", _flavours())
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_reset_in_mid_reply_goes_to_handle_error(impl, flavour, data):
    _reset_mid_exchange(impl, flavour, data, "CLIENT-8", "reply")


# -- more clients than the queue ----------------------------------------------------------------
@pytest.mark.spec("CLIENT-10")
@pytest.mark.parametrize("flavour", _flavours())
@given(data=st.data())
def test_burst_of_clients_beyond_the_queue_is_served_in_full(impl, flavour, data):
    queue = data.draw(st.integers(1, 2), label="request_queue_size")
    count = data.draw(st.integers(queue + 3, 12), label="clients")
    scripts = data.draw(st.lists(plain_lines(max_size=2), min_size=count, max_size=count), label="lines of each client")
    rec = Recorder()
    handler = echo_service(api_class(impl, UNIX_STREAM.handler_base), rec)
    attrs: Dict[str, Any] = {"request_queue_size": queue}
    with start_server(impl, UNIX_STREAM, handler, flavour=flavour, recorder=rec, attrs=attrs) as srv, \
            contextlib.ExitStack() as clients:
        burst: List[Tuple[Any, bytes]] = []
        for i, script in enumerate(scripts):
            request = tag_line(f"b{i}") + b"".join(script)
            try:
                client = queued_stream_client(UNIX_STREAM.family, srv.address)
            except OSError as exc:
                raise ClauseViolation("CLIENT-10", f"client {i} of {count} could not connect ({exc!r}): "
                                      f"the server stopped taking connections from its queue of {queue}")
            clients.callback(client.close)
            client.send(request)
            client.half_close()
            burst.append((client, request))
        for i, (client, request) in enumerate(burst):
            # Rule: every client of the burst gets exactly its own echo.
            require_reply(client, request, "CLIENT-10",
                          f"client {i} of a burst of {count} (request_queue_size={queue})")
