"""Serving loop: serve_forever(), shutdown(), server_close(), the context manager, handle_request().

Every test starts its server with ``serve=False`` and drives the loop itself through a
``Driver`` (socketserver_conformance.kits.serving), which records when each call entered and
returned and cleans up whatever a broken implementation leaves running.
"""
from __future__ import annotations

import contextlib
import threading
import time
from typing import Any, List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socketserver_conformance.harness import (bounds, STREAM_TRANSPORTS, ClauseViolation, HarnessTimeout, Recorder,
                                              Request, draw_transport, expect, expect_context_manager, recording_handler_for,
                                              require, scaled_examples, start_server)
from socketserver_conformance.kits.forking import wait_exited
from socketserver_conformance.kits.serving import (PING, connect_refused, draw_poll, driven_server, echo,
                                                   expect_stopped, handled_count, held_echo, occupy_low_descriptors,
                                                   returned_before, socket_closed)
from socketserver_conformance.kits.stop_restart import StopRestartSequence


# -- stopping the loop ---------------------------------------------------------------------
@pytest.mark.spec("LOOP-1", "LOOP-3")
@given(data=st.data())
def test_shutdown_stops_the_loop_promptly(impl, data):
    transport = draw_transport(data, impl)
    flavour = data.draw(st.sampled_from(["sync", "threading"]), label="flavour")
    poll = draw_poll(data)
    served = data.draw(st.integers(0, 2), label="requests served before shutdown")
    rec = Recorder()
    with driven_server(impl, transport, rec, flavour=flavour, instrument=True) as (srv, drive):
        loop = drive.serve(poll)
        for i in range(served):
            Request(srv, PING)
            rec.wait_count("handle:exit", i + 1)
        rec.wait_count("loop-1:enter")
        stopper = drive.shutdown()
        expect_stopped(rec, drive, loop, stopper, "LOOP-1")
        # Rule: once idle, the loop notices shutdown() within about poll_interval.
        expect(stopper.elapsed <= poll + bounds.margin, "LOOP-3",
               f"shutdown() took {stopper.elapsed:.3f} s with poll_interval={poll:.3f} s")


@pytest.mark.spec("LOOP-1", "LOOP-4")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_shutdown_waits_for_the_request_in_progress(impl, data):
    transport = draw_transport(data, impl)
    poll = draw_poll(data)
    rec = Recorder()
    with driven_server(impl, transport, rec, held_echo(rec, "hold"), instrument=True) as (srv, drive):
        loop = drive.serve(poll)
        held = Request(srv, PING)
        rec.wait_count("handle:enter")
        stopper = drive.shutdown()
        rec.wait_count("shutdown:enter")
        # Rule: shutdown() does not return while the loop is still inside a request.
        expect(not stopper.wait(bounds.not_yet), "LOOP-1",
               "shutdown() returned while serve_forever() was still handling a request")
        rec.gate("hold").open()
        reply = held.reply_or_partial()
        # Rule: the request in progress runs to completion, then the loop stops promptly.
        expect(reply == PING, "LOOP-4",
               f"the client of the request in progress got {reply!r} instead of {PING!r}")
        expect_stopped(rec, drive, loop, stopper, "LOOP-4", within=poll + 2 * bounds.margin)
        finished = rec.named("finish:exit")
        expect(finished and finished[0].seq < rec.named("shutdown:exit")[0].seq, "LOOP-4",
               "shutdown() returned before the request in progress had finished")


@pytest.mark.spec("LOOP-1", "LOOP-4", "LOOP-5", "LOOP-6")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_requests_after_shutdown_wait_for_the_next_loop(impl, data):
    transport = draw_transport(data, impl)
    poll = draw_poll(data)
    late = data.draw(st.integers(1, 3), label="requests arriving after shutdown()")
    rec = Recorder()
    first = threading.Event()

    def hold_first(handler: Any) -> None:
        if not first.is_set():
            first.set()
            rec.gate("hold").wait()
        echo(handler)

    with driven_server(impl, transport, rec, hold_first, instrument=True) as (srv, drive):
        loop = drive.serve(poll)
        held = Request(srv, PING)
        rec.wait_count("handle:enter")
        stopper = drive.shutdown()
        rec.wait_count("shutdown:enter")
        # Rule: shutdown() waits for the request in progress, which then completes.
        expect(stopper.wait_blocked() and not stopper.done.is_set(), "LOOP-1",
               "shutdown() returned while serve_forever() was still handling a request")
        latecomers = [Request(srv, PING) for _ in range(late)]
        rec.gate("hold").open()
        expect(held.reply_or_partial() == PING, "LOOP-4", "the request in progress was not completed")
        expect_stopped(rec, drive, loop, stopper, "LOOP-1")
        # Rule: the stopping loop handles none of the requests that came after shutdown().
        handled = len(rec.named("init"))
        expect(handled == 1, "LOOP-5",
               f"the loop handled {handled - 1} of {late} request(s) sent after shutdown() was called")
        # Rule: those requests stay queued and are served once serve_forever() runs again.
        again = drive.serve(poll)
        replies = [r.reply_or_partial() for r in latecomers]
        expect(replies == [PING] * late, "LOOP-6",
               f"requests queued across shutdown() got {replies} once serving resumed "
               f"(serve_forever() {'had returned' if again.done.is_set() else 'was running'})")
        expect_stopped(rec, drive, again, drive.shutdown("shutdown-again"), "LOOP-1")


@pytest.mark.spec("LOOP-1", "LOOP-5", "LOOP-6")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_request_that_wakes_a_stopping_loop_is_not_handled(impl, data):
    transport = draw_transport(data, impl)
    # A long poll keeps an idle loop inside its wait while shutdown() is asked for and a
    # request arrives; a correct loop stops at once either way, so this costs no time.
    poll = data.draw(st.floats(0.3, 0.6), label="poll_interval")
    late = data.draw(st.integers(1, 2), label="requests arriving after shutdown()")
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True) as (srv, drive):
        loop = drive.serve(poll)
        rec.wait_count("loop-1:enter")
        loop.wait_blocked()
        stopper = drive.shutdown()
        rec.wait_count("shutdown:enter")
        stopper.wait_blocked()
        latecomers = [Request(srv, PING) for _ in range(late)]
        expect_stopped(rec, drive, loop, stopper, "LOOP-1")
        # Rule: a request that wakes a loop already asked to stop is left for the next loop.
        handled = len(rec.named("init"))
        expect(handled == 0, "LOOP-5",
               f"the idle loop, asked to stop, handled {handled} of {late} request(s) that arrived "
               f"after shutdown() was called")
        again = drive.serve(poll)
        replies = [r.reply_or_partial() for r in latecomers]
        expect(replies == [PING] * late, "LOOP-6",
               f"requests queued across shutdown() got {replies} once serving resumed")
        expect_stopped(rec, drive, again, drive.shutdown("shutdown-again"), "LOOP-1")


@pytest.mark.spec("LOOP-17")
@given(data=st.data())
def test_handler_may_shut_down_a_threading_server(impl, data):
    transport = draw_transport(data, impl)
    poll = draw_poll(data)
    rec = Recorder()

    def stop_then_echo(handler: Any) -> None:
        handler.server.shutdown()
        echo(handler)

    with driven_server(impl, transport, rec, stop_then_echo, flavour="threading", instrument=True) as (srv, drive):
        loop = drive.serve(poll)
        asker = Request(srv, PING)
        rec.wait_count("handle:enter")
        # Rule: shutdown() called by a worker thread's handler stops the loop promptly.
        expect(loop.wait(poll + 2 * bounds.margin), "LOOP-17",
               f"serve_forever() was still running {poll + 2 * bounds.margin:.2f} s after a handler "
               "called server.shutdown()")
        expect(loop.error is None, "LOOP-17", f"serve_forever() raised {loop.error!r}")
        try:
            rec.wait_for(lambda evs: any(e.name in ("handle:exit", "handle:raise") for e in evs))
        except HarnessTimeout:
            raise ClauseViolation("LOOP-17", "server.shutdown() called from a handler never "
                                  "returned (deadlock)") from None
        reply = asker.reply_or_partial()
        expect(reply == PING and not rec.named("handle:raise"), "LOOP-17",
               f"the handler that called shutdown() got {rec.names()[-3:]}, client got {reply!r}")


# -- the listening socket: shutdown keeps it, serve_forever restarts, server_close closes it --
@pytest.mark.spec("LOOP-1", "LOOP-6", "LOOP-7")
@given(data=st.data())
def test_serve_forever_restarts_after_shutdown(impl, data):
    transport = draw_transport(data, impl)
    poll = draw_poll(data)
    # Per cycle: requests sent while stopped (they queue), then requests sent while serving.
    cycles = data.draw(st.lists(st.tuples(st.integers(0, 2), st.integers(1, 2)), min_size=2,
                                max_size=3), label="cycles (queued, live)")
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True) as (srv, drive):
        target = 0
        for number, (queued, live) in enumerate(cycles, 1):
            # Rule: while stopped, the listening socket stays open and accepts clients.
            expect(not socket_closed(srv.server), "LOOP-6",
                   f"the listening socket was closed after shutdown() number {number - 1}")
            try:
                waiting = [Request(srv, PING) for _ in range(queued)]
            except ConnectionRefusedError:
                raise ClauseViolation("LOOP-6", "a client was refused after shutdown()") from None
            loop = drive.serve(poll)
            requesters = waiting + [Request(srv, PING) for _ in range(live)]
            target += queued + live
            ended = (f"{loop.label}:exit", f"{loop.label}:raise")
            rec.wait_for(lambda evs: sum(e.name == "handle:exit" for e in evs) >= target
                         or any(e.name in ended for e in evs), what=f"{target} requests handled")
            # Rule: a restarted serve_forever() keeps running and serves queued and new requests.
            expect(not loop.done.is_set(), "LOOP-7",
                   f"serve_forever() call {number} returned without shutdown() "
                   f"({'raised ' + repr(loop.error) if loop.error else 'no error'})")
            replies = [r.reply_or_partial() for r in requesters]
            expect(replies == [PING] * (queued + live), "LOOP-7",
                   f"while serve_forever() call {number} ran, the clients got {replies}")
            expect_stopped(rec, drive, loop, drive.shutdown(f"shutdown-{number}"), "LOOP-1")


@pytest.mark.spec("LOOP-1")
@settings(max_examples=2)  # a polling loop spends its whole poll_interval here: keep it rare
@given(data=st.data())
def test_shutdown_waits_for_a_restarted_loop(impl, data):
    transport = draw_transport(data, impl)
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True) as (srv, drive):
        first = drive.serve(draw_poll(data))
        expect_stopped(rec, drive, first, drive.shutdown("shutdown-1"), "LOOP-1")
        # A long poll, entered just before shutdown(): a loop that has not really stopped
        # is still waiting in it well after a too-early shutdown() has returned.
        second = drive.serve(0.8)
        rec.wait_count("loop-2:enter")
        second.wait_blocked()
        stopper = drive.shutdown("shutdown-2")
        expect(stopper.wait(bounds.soon), "LOOP-1", "shutdown() of the restarted loop did not return")
        # Rule: the second shutdown() also returns only once that loop has exited.
        expect(second.wait(bounds.margin), "LOOP-1",
               f"shutdown() of the restarted loop returned after {stopper.elapsed:.3f} s, but "
               f"serve_forever() was still running {bounds.margin:g} s later")


# Each flavour is its own test: the mix-ins override server_close(), and each may forget the socket.
@pytest.mark.spec("LOOP-2", "LOOP-8")
@pytest.mark.parametrize("flavour", ["sync", "threading", "forking"])
@given(data=st.data())
def test_server_close_closes_the_socket_and_may_repeat(impl, flavour, data):
    if flavour == "forking":
        require(impl, "fork")
    transport = draw_transport(data, impl, flavour=flavour)
    served = data.draw(st.booleans(), label="served a request before closing")
    rec = Recorder()
    with driven_server(impl, transport, rec, flavour=flavour) as (srv, drive):
        if served:
            loop = drive.serve(draw_poll(data))
            Request(srv, PING).reply_or_partial()
            expect_stopped(rec, drive, loop, drive.shutdown(), "LOOP-1")
        address = srv.address
        children = list(getattr(srv.server, "active_children", None) or ())
        closer = drive.call(srv.server.server_close, "server_close")
        # Rule: server_close() returns and closes the listening socket.
        expect(closer.wait(bounds.soon), "LOOP-2", f"server_close() did not return within {bounds.soon:g} s")
        expect(closer.error is None, "LOOP-2", f"server_close() raised {closer.error!r}")
        expect(socket_closed(srv.server), "LOOP-2", "the server's socket is still open after server_close()")
        # A child still running holds its inherited copy of the listening socket, which keeps
        # accepting; whether server_close() waits for it is FORK-9's (3.7+), not this clause's.
        for pid in children:
            wait_exited(pid)
        if transport in STREAM_TRANSPORTS:
            expect(connect_refused(transport, address), "LOOP-2",
                   f"a client could still connect to {address!r} after server_close()")
        # Rule: closing an already closed server is harmless.
        again = drive.call(srv.server.server_close, "server_close-again")
        expect(again.wait(bounds.soon) and again.error is None, "LOOP-8",
               f"a second server_close() {'raised ' + repr(again.error) if again.done.is_set() else 'hung'}")


# -- the context manager ----------------------------------------------------------------------
class _BodyFailed(Exception):
    """Raised inside a with-block to see that the server still closes."""


def _check_with_block(impl: Any, data: st.DataObject, body_raises: bool) -> None:
    transport = draw_transport(data, impl)
    clause = "LOOP-10" if body_raises else "LOOP-9"
    rec = Recorder()
    raised = _BodyFailed("from the with-block")
    handler = recording_handler_for(impl, transport, rec, handle=echo)
    with start_server(impl, transport, handler, recorder=rec, instrument=True, serve=False) as srv:
        server, address = srv.server, srv.address
        entered, escaped = None, None
        expect_context_manager(server)
        try:
            with server as entered:
                if body_raises:
                    raise raised
        except _BodyFailed as exc:
            escaped = exc
        # Rule: entering yields the server itself.
        expect(entered is server, "LOOP-9", f"'with server as x' bound x to {entered!r}")
        # Rule: leaving the block, normally or by an exception, calls server_close().
        expect(rec.named("server_close:enter"), clause,
               "leaving the with-block did not call server_close()")
        expect(socket_closed(server), clause, "the listening socket is open after the with-block")
        if transport in STREAM_TRANSPORTS:
            expect(connect_refused(transport, address), clause,
                   "a client could still connect after the with-block")
        if body_raises:
            # Rule: the body's exception comes out of the with-statement unchanged.
            expect(escaped is raised, "LOOP-10", f"the with-body's exception came out as {escaped!r}")


@pytest.mark.spec("LOOP-9")
@given(data=st.data())
def test_with_block_yields_the_server_and_closes_it(impl, data):
    _check_with_block(impl, data, body_raises=False)


@pytest.mark.spec("LOOP-9", "LOOP-10")
@given(data=st.data())
def test_with_block_closes_the_server_when_the_body_raises(impl, data):
    _check_with_block(impl, data, body_raises=True)


# -- what runs on each iteration ----------------------------------------------------------------
@pytest.mark.spec("LOOP-11")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_service_actions_runs_every_iteration(impl, data):
    transport = draw_transport(data, impl)
    poll = draw_poll(data)
    idle = data.draw(st.integers(1, 3), label="idle iterations watched")
    requests = data.draw(st.integers(0, 3), label="requests")
    rec = Recorder()
    stamps: List[float] = []

    def timed_service_actions(server: Any) -> Any:
        stamps.append(time.monotonic())
        return type(server).__mro__[1].service_actions(server)

    with driven_server(impl, transport, rec, overrides={"service_actions": timed_service_actions}) as (srv, drive):
        started = time.monotonic()
        loop = drive.serve(poll)
        # Rule: an idle loop calls service_actions() at least about once per poll_interval.
        try:
            rec.wait_count("service_actions:exit", idle, timeout=idle * (poll + bounds.margin))
        except HarnessTimeout:
            raise ClauseViolation("LOOP-11", f"an idle serve_forever(poll_interval={poll:.3f}) called "
                                  f"service_actions() {len(stamps)} time(s) in "
                                  f"{time.monotonic() - started:.2f} s") from None
        gaps = [b - a for a, b in zip([started] + stamps, stamps[:idle])]
        expect(max(gaps) <= poll + bounds.margin, "LOOP-11",
               f"idle gaps between service_actions() calls were {[round(g, 3) for g in gaps]} s "
               f"with poll_interval={poll:.3f} s")
        for _ in range(requests):
            Request(srv, PING).reply_or_partial()
        expect_stopped(rec, drive, loop, drive.shutdown(), "LOOP-1")
    # Rule: after each request it handles, the loop calls service_actions() before the next one.
    on_loop = [e.name for e in rec.events if e.thread in drive.loop_thread_names
               and e.name in ("process_request:exit", "process_request:enter", "service_actions:enter")]
    for i, name in enumerate(on_loop[:-1]):
        if name == "process_request:exit":
            expect(on_loop[i + 1] == "service_actions:enter", "LOOP-11",
                   f"after a request the loop went on with {on_loop[i + 1]} (loop events {on_loop})")


@pytest.mark.spec("LOOP-1", "LOOP-12")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_serve_forever_ignores_timeout(impl, data):
    transport = draw_transport(data, impl)
    poll = draw_poll(data)
    timeout = data.draw(st.floats(0.001, 0.02), label="server timeout")
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True, attrs={"timeout": timeout}) as (srv, drive):
        loop = drive.serve(poll)
        rec.wait_count("loop-1:enter")
        watch = max(4 * timeout, 2 * poll)
        # Rule: however small timeout is, serve_forever() never calls handle_timeout().
        try:
            rec.wait_count("handle_timeout:enter", timeout=watch)
        except HarnessTimeout:
            pass
        expect(not rec.named("handle_timeout:enter"), "LOOP-12",
               f"serve_forever() called handle_timeout() within {watch:.3f} s "
               f"(timeout={timeout:.3f} s, poll_interval={poll:.3f} s)")
        expect_stopped(rec, drive, loop, drive.shutdown(), "LOOP-1")


@pytest.mark.spec("LOOP-18")
@settings(max_examples=scaled_examples(0.25))
@given(data=st.data())
def test_serves_on_a_descriptor_beyond_select(impl, data):
    transport = draw_transport(data, impl)
    rec = Recorder()
    with contextlib.ExitStack() as stack:
        release = occupy_low_descriptors()
        stack.callback(release)  # runs last, after the server is torn down
        try:
            srv, drive = stack.enter_context(driven_server(impl, transport, rec, instrument=True))
        finally:
            release()  # only the server's socket keeps a high number; the clients get low ones
        number = srv.server.fileno()
        # Rule: a server on a descriptor select() cannot watch still serves, both ways.
        call = drive.call(srv.server.handle_request, "handle_request")
        request = Request(srv, PING)
        # Once the call is over its reply, if any, has been sent: no need to wait the full bound.
        returned = call.wait(bounds.soon)
        reply = request.reply_or_partial(bounds.margin if returned else bounds.soon)
        expect(returned and call.error is None and reply == PING, "LOOP-18",
               f"handle_request() on descriptor {number} gave the client {reply!r} and "
               f"{call.outcome()}")
        loop = drive.serve(draw_poll(data))
        request = Request(srv, PING)
        ended = (f"{loop.label}:exit", f"{loop.label}:raise", "handle:exit", "handle:raise")
        with contextlib.suppress(HarnessTimeout):  # the reply below says what happened
            rec.wait_for(lambda evs: any(e.name in ended for e in evs), what="the request handled or the loop ended")
        reply = request.reply_or_partial(bounds.margin if loop.done.is_set() else bounds.soon)
        expect(reply == PING, "LOOP-18",
               f"serve_forever() on descriptor {number} gave the client {reply!r} "
               f"({'it raised ' + repr(loop.error) if loop.error else 'it was running'})")
        if not loop.done.is_set():  # a loop that raised was judged just above, on LOOP-18
            expect_stopped(rec, drive, loop, drive.shutdown(), "LOOP-1")


# -- handle_request() ---------------------------------------------------------------------
@pytest.mark.spec("LOOP-13")
@given(data=st.data())
def test_handle_request_handles_exactly_one(impl, data):
    transport = draw_transport(data, impl)
    pending = data.draw(st.integers(1, 3), label="pending requests")
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True) as (srv, drive):
        requesters = [Request(srv, PING) for _ in range(pending)]
        for number in range(1, pending + 1):
            call = drive.call(srv.server.handle_request, f"handle_request-{number}")
            # Rule: each call handles one pending request and returns.
            expect(call.wait(bounds.soon), "LOOP-13",
                   f"handle_request() number {number} did not return with {pending} request(s) sent")
            expect(call.error is None, "LOOP-13", f"handle_request() raised {call.error!r}")
            handled = len(rec.named("handle:exit"))
            expect(handled == number, "LOOP-13",
                   f"after {number} handle_request() call(s), {handled} request(s) had been handled")
        replies = [r.reply_or_partial() for r in requesters]
        expect(replies == [PING] * pending, "LOOP-13", f"the clients got {replies}")


def _check_handle_request_timeout(impl: Any, data: st.DataObject, case: str) -> None:
    transport = draw_transport(data, impl)
    # "attribute": only server.timeout is set; the other cases involve the socket's timeout.
    small = data.draw(st.floats(0.005, 0.05), label="smaller timeout")
    large = 1.0  # long enough that waiting for it instead of the smaller one is unmistakable
    clause = "LOOP-14" if case == "attribute" else "LOOP-15"
    attribute = {"attribute": small, "socket": None, "socket smaller": large,
                 "attribute smaller": small}[case]
    sock_timeout = {"attribute": None, "socket": small, "socket smaller": small,
                    "attribute smaller": large}[case]
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True, attrs={"timeout": attribute}) as (srv, drive):
        srv.server.socket.settimeout(sock_timeout)
        call = drive.call(srv.server.handle_request, "handle_request")
        described = f"timeout={attribute}, socket timeout={sock_timeout}"
        # Rule: with no request, handle_request() gives up after the smaller timeout, not sooner.
        expect(call.wait(small + bounds.margin), clause,
               f"handle_request() had not returned {small + bounds.margin:.3f} s after it was called ({described})")
        expect(call.error is None, clause, f"handle_request() raised {call.error!r}")
        expect(call.elapsed >= small - 0.002, clause,
               f"handle_request() returned after {call.elapsed:.4f} s ({described})")
        # Rule: giving up means calling handle_timeout() once.
        calls = len(rec.named("handle_timeout:enter"))
        expect(calls == 1, clause, f"handle_timeout() was called {calls} time(s) ({described})")


@pytest.mark.spec("LOOP-14")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_handle_request_honours_timeout(impl, data):
    _check_handle_request_timeout(impl, data, "attribute")


# Each combination is its own test, so even the quickest profile tries every one of them.
@pytest.mark.spec("LOOP-15")
@pytest.mark.parametrize("case", ["socket", "socket smaller", "attribute smaller"])
@settings(max_examples=scaled_examples(0.25))
@given(data=st.data())
def test_handle_request_gives_up_after_the_smaller_timeout(impl, case, data):
    _check_handle_request_timeout(impl, data, case)


@pytest.mark.spec("LOOP-16")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_handle_request_without_timeout_waits_for_a_request(impl, data):
    transport = draw_transport(data, impl)
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True, attrs={"timeout": None}) as (srv, drive):
        call = drive.call(srv.server.handle_request, "handle_request")
        # Rule: with no timeout anywhere, handle_request() keeps waiting while no request comes.
        expect(not call.wait(bounds.not_yet), "LOOP-16",
               f"handle_request() returned after {call.elapsed:.3f} s with no request and no timeout"
               f" ({'raised ' + repr(call.error) if call.error else 'no error'})")
        reply = Request(srv, PING).reply_or_partial()
        # Rule: a request then arrives: it is handled and the call returns.
        expect(call.wait(bounds.soon) and call.error is None, "LOOP-16",
               f"handle_request() did not return once a request came ({call.error!r})")
        expect(reply == PING and len(rec.named("handle:exit")) == 1, "LOOP-16",
               f"the request got {reply!r}; events {rec.names()[-6:]}")
        expect(not rec.named("handle_timeout:enter"), "LOOP-16",
               "handle_request() called handle_timeout() although no timeout was set")


# -- shutdown() against the loop's start and restart -------------------------------------------
@pytest.mark.spec("LOOP-1", "LOOP-19", "LOOP-20")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_shutdown_before_the_first_loop_waits_for_it(impl, data):
    transport = draw_transport(data, impl)
    poll = draw_poll(data)
    callers = data.draw(st.integers(1, 2), label="shutdown() calls before serve_forever()")
    queued = data.draw(st.integers(1, 2), label="requests waiting when serve_forever() starts")
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True) as (srv, drive):
        stoppers = [drive.shutdown(f"shutdown-{n}") for n in range(1, callers + 1)]
        for n, stopper in enumerate(stoppers, 1):
            stopper.wait_blocked()
            # Rule: on a server no loop has run on yet, shutdown() keeps waiting.
            expect(not stopper.wait(bounds.not_yet), "LOOP-19",
                   f"shutdown() call {n} {stopper.outcome()} after {stopper.elapsed:.3f} s on a server "
                   "whose serve_forever() had never been called; it must wait for a loop to run and end")
        waiting = [Request(srv, PING) for _ in range(queued)]
        loop = drive.serve(poll)
        # Rule: the serve_forever() that comes next returns promptly and handles nothing ...
        expect(loop.wait(poll + bounds.margin), "LOOP-20",
               f"serve_forever(), called while {callers} shutdown() call(s) waited for a loop, was "
               f"still running {poll + bounds.margin:.2f} s later (poll_interval={poll:.3f} s)")
        expect(loop.error is None, "LOOP-20", f"serve_forever() raised {loop.error!r}")
        handled = handled_count(rec)
        expect(handled == 0, "LOOP-20",
               f"serve_forever(), entered with a shutdown() already waiting, handled {handled} of "
               f"the {queued} request(s) waiting; they are for a later loop")
        # ... and releases every shutdown() that waited, none of which returned before it ran.
        for n, stopper in enumerate(stoppers, 1):
            expect(stopper.wait(bounds.soon) and stopper.error is None, "LOOP-20",
                   f"shutdown() call {n} {stopper.outcome()} {bounds.soon:g} s after the serve_forever() it "
                   "waited for had returned")
            expect(not returned_before(rec, stopper, f"{loop.label}:enter"), "LOOP-19",
                   f"shutdown() call {n} returned before serve_forever() had been called")
        # Rule: the requests the stopped loop left are served by the next loop.
        again = drive.serve(poll)
        replies = [r.reply_or_partial() for r in waiting]
        expect(replies == [PING] * queued, "LOOP-20",
               f"the request(s) left waiting by the loop that returned at once got {replies} from "
               f"the next serve_forever() ({'which had returned' if again.done.is_set() else 'running'})")
        expect_stopped(rec, drive, again, drive.shutdown("shutdown-again"), "LOOP-1")


@pytest.mark.spec("LOOP-1", "LOOP-21", "LOOP-22")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_shutdown_between_loops_returns_and_ends_the_next_one(impl, data):
    transport = draw_transport(data, impl)
    poll = draw_poll(data)
    extra = data.draw(st.integers(1, 2), label="shutdown() calls after serve_forever() returned")
    queued = data.draw(st.integers(0, 2), label="requests waiting when serve_forever() starts again")
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True) as (srv, drive):
        expect_stopped(rec, drive, drive.serve(poll), drive.shutdown("shutdown-1"), "LOOP-1")
        for n in range(1, extra + 1):
            stopper = drive.shutdown(f"shutdown-extra-{n}")
            # Rule: with no loop running and one already returned, shutdown() returns at once.
            expect(stopper.wait(bounds.margin), "LOOP-21",
                   f"shutdown() call {n} after serve_forever() had returned was still waiting "
                   f"{bounds.margin:g} s later, with no loop running")
            expect(stopper.error is None, "LOOP-21", f"shutdown() raised {stopper.error!r} with no loop running")
        waiting = [Request(srv, PING) for _ in range(queued)]
        before = handled_count(rec)
        second = drive.serve(poll)
        # Rule: the stop asked for between the loops ends the next serve_forever() promptly ...
        expect(second.wait(poll + bounds.margin), "LOOP-22",
               f"serve_forever(), called after {extra} shutdown() call(s) made while no loop ran, was "
               f"still running {poll + bounds.margin:.2f} s later (poll_interval={poll:.3f} s)")
        expect(second.error is None, "LOOP-22", f"serve_forever() raised {second.error!r}")
        handled = handled_count(rec) - before
        expect(handled == 0, "LOOP-22",
               f"the serve_forever() ended by a stop asked for between loops handled {handled} of "
               f"the {queued} request(s) waiting")
        # ... and only that one: the serve_forever() after it serves the waiting and new requests.
        third = drive.serve(poll)
        replies = [r.reply_or_partial() for r in waiting + [Request(srv, PING)]]
        expect(replies == [PING] * (queued + 1) and not third.done.is_set(), "LOOP-22",
               f"the serve_forever() after the one the kept stop ended gave the clients {replies} "
               f"and {'returned (' + third.outcome() + ')' if third.done.is_set() else 'kept running'}")
        expect_stopped(rec, drive, third, drive.shutdown("shutdown-3"), "LOOP-1")


#: How shutdown() and serve_forever() are started against each other: the extremes (one call
#: has done its part before the other starts) and the racing middles (started back to back).
_START_ORDERS = ("shutdown() posted first", "shutdown() started first", "serve_forever() started first",
                 "serve_forever() waiting first")


@pytest.mark.spec("LOOP-1", "LOOP-19", "LOOP-23")
@given(data=st.data())
def test_shutdown_racing_the_loop_start_stops_it(impl, data):
    transport = draw_transport(data, impl)
    poll = draw_poll(data)
    restarted = data.draw(st.booleans(), label="a loop ran and was shut down before")
    order = data.draw(st.sampled_from(_START_ORDERS), label="start order")
    rec = Recorder()
    with driven_server(impl, transport, rec, instrument=True) as (srv, drive):
        if restarted:
            expect_stopped(rec, drive, drive.serve(poll), drive.shutdown("shutdown-before"), "LOOP-1")
        if order.startswith("shutdown"):
            stopper = drive.shutdown("shutdown-racing")
            if order == "shutdown() posted first":
                stopper.wait_blocked()
            loop = drive.serve(poll)
        else:
            loop = drive.serve(poll)
            if order == "serve_forever() waiting first":
                loop.wait_blocked()
            stopper = drive.shutdown("shutdown-racing")
        server = "a restarted server" if restarted else "a new server"
        bound = poll + 2 * bounds.margin
        # Rule: whatever the interleaving, both calls return and the loop does not keep running.
        expect(loop.wait(bound) and stopper.wait(bound), "LOOP-23",
               f"{order}, on {server}: {bound:.2f} s later serve_forever() had {loop.outcome()} and "
               f"shutdown() had {stopper.outcome()}; both must return")
        expect(loop.error is None and stopper.error is None, "LOOP-23",
               f"{order}, on {server}: serve_forever() {loop.outcome()}, shutdown() {stopper.outcome()}")
        if not restarted:
            # Rule: on a new server, shutdown() cannot return before a loop was even entered.
            expect(not returned_before(rec, stopper, f"{loop.label}:enter"), "LOOP-19",
                   f"{order}, on a new server: shutdown() returned before serve_forever() had been called")
        # Rule: the stop is used up by that loop: the next serve_forever() serves.
        again = drive.serve(poll)
        reply = Request(srv, PING).reply_or_partial()
        expect(reply == PING and not again.done.is_set(), "LOOP-23",
               f"{order}, on {server}: after the racing calls had returned, the next serve_forever() "
               f"gave a client {reply!r} and {'returned' if again.done.is_set() else 'kept running'}")
        expect_stopped(rec, drive, again, drive.shutdown("shutdown-again"), "LOOP-1")


@pytest.mark.spec("LOOP-1", "LOOP-6", "LOOP-7", "LOOP-19", "LOOP-20", "LOOP-21", "LOOP-22")
@settings(max_examples=scaled_examples(0.5))
@given(data=st.data())
def test_stop_restart_sequences_follow_the_model(impl, data):
    transport = draw_transport(data, impl)
    flavour = data.draw(st.sampled_from(["sync", "threading"]), label="flavour")
    poll = draw_poll(data)
    steps = data.draw(st.integers(2, 8), label="steps")
    rec = Recorder()
    with driven_server(impl, transport, rec, flavour=flavour, instrument=True) as (srv, drive):
        run = StopRestartSequence(rec, drive, srv, poll)
        for number in range(1, steps + 1):
            run(data.draw(st.sampled_from(run.model.allowed(len(run.queued))), label=f"step {number}"))
        for op in run.model.finish():
            run(op)
