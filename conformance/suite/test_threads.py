"""ThreadingMixIn and the threading servers: request threads, daemon_threads, block_on_close.

Every scenario runs on ThreadingTCPServer, ThreadingUDPServer and the two Unix threading
servers.  Clients send one line, their request index; handlers can be held on gates (released
by the test) or made to raise (see socketserver_conformance.kits.threads).
"""
from __future__ import annotations

import gc
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socketserver_conformance.harness import (bounds, BackgroundCall, Request, expect, quiet_handle_error,
                                              scaled_examples, start_server, transport_params)
from socketserver_conformance.kits.threads import (RETURN_WINDOW_S, THREAD_TRANSPORTS, await_events, count,
                                                   describe_threads, distinct, flag_attrs, handlers_without_their_line,
                                                   index_line, indexed_requests, requests, server_close_must_wait, serving_in_thread)

#: Requests served before looking at what the server still holds of their threads.
MANY_REQUESTS = 30
#: Finished Thread objects a server may legitimately still hold (CPython keeps the newest one
#: until the next request arrives); anything that grows with the number of requests is a leak.
MAX_KEPT_THREADS = 2

DAEMON_THREADS = st.sampled_from([None, False, True])   # None: the implementation's default
BLOCK_ON_CLOSE = st.sampled_from([None, True, False])


def transports():
    return pytest.mark.parametrize("transport", transport_params(THREAD_TRANSPORTS))


@pytest.mark.spec("THREAD-1")
@transports()
@given(data=st.data())
def test_each_request_runs_in_its_own_new_thread(impl, transport, data):
    n = data.draw(st.integers(1, 4), label="sequential requests")
    rec, threads, handler = indexed_requests(impl, transport)
    with start_server(impl, transport, handler, flavour="threading", recorder=rec,
                      instrument=True) as srv:
        for i in range(n):
            Request(srv, index_line(i))
            rec.wait_count("handle:exit", i + 1, clause="THREAD-1")
        serving = {e.thread_id for e in rec.named("process_request:enter")}
        ran = requests(rec)
        # Rule: no handler runs in the thread that called process_request() (the serving loop).
        inline = [i for i, e in ran.items() if e.thread_id in serving]
        expect(not inline, "THREAD-1", f"requests {inline} were handled in the serving thread; "
                                       f"threads per request: {describe_threads(rec)}")
        # Rule: every request had a thread of its own, even when the previous one had finished.
        ran_on = [threads.get(i) for i in range(n)]
        expect(distinct(ran_on), "THREAD-1",
               f"{n} sequential requests ran on only {len(set(map(id, ran_on)))} thread object(s): "
               f"{describe_threads(rec)}")


@pytest.mark.spec("THREAD-2")
@transports()
@given(data=st.data())
def test_held_requests_run_concurrently_on_distinct_threads(impl, transport, data):
    n = data.draw(st.integers(2, 4), label="concurrent requests")
    rec, threads, handler = indexed_requests(impl, transport, held=range(n))
    with start_server(impl, transport, handler, flavour="threading", recorder=rec) as srv:
        for i in range(n):
            Request(srv, index_line(i))
        # Rule: every request reaches its handler while the earlier handlers are still held.
        await_events(rec, lambda evs: count("request")(evs) >= n, "THREAD-2",
                     lambda evs: f"only {count('request')(evs)} of {n} requests reached handle() "
                                 "while the handlers before them were held")
        # Rule: the handlers running at the same time are on distinct threads.
        idents = {e.thread_id for e in requests(rec).values()}
        expect(len(idents) == n, "THREAD-2",
               f"{n} simultaneous handlers ran on {len(idents)} thread(s): {describe_threads(rec)}")
        rec.open_all_gates()
        rec.wait_count("handle:exit", n)


@pytest.mark.spec("THREAD-3")
@transports()
@given(data=st.data())
def test_serving_goes_on_while_a_handler_is_held(impl, transport, data):
    others = data.draw(st.integers(1, 3), label="clients served while request 0 is held")
    rec, threads, handler = indexed_requests(impl, transport, held={0})
    with start_server(impl, transport, handler, flavour="threading", recorder=rec,
                      instrument=True) as srv:
        Request(srv, index_line(0))
        rec.wait_for(lambda evs: 0 in requests(rec), what="request 0 in its handler")
        # Rule: process_request() for the held request returns while its handler still runs.
        await_events(rec, lambda evs: count("process_request:exit")(evs) >= 1, "THREAD-3",
                     lambda evs: "process_request() did not return while the handler of its request "
                                 "was held")
        # Rule: later clients are served from start to finish while request 0 is still held.
        for i in range(1, others + 1):
            Request(srv, index_line(i))
            await_events(rec, lambda evs: count("handle:exit")(evs) >= i, "THREAD-3",
                         lambda evs: f"client {i} was not served while request 0 was held "
                                     f"(handle:exit seen {count('handle:exit')(evs)} time(s))")
        # Rule: request 0's handler is still running after those clients were served.
        expect("handle:exit" not in rec.names(requests(rec)[0].handler), "THREAD-3",
               "request 0's handler returned before the test released it, so nothing overlapped it")
        rec.open_all_gates()
        rec.wait_count("handle:exit", others + 1)


@pytest.mark.spec("THREAD-4", "THREAD-5")
@transports()
@given(data=st.data())
def test_daemon_threads_decides_the_handler_threads_daemon_flag(impl, transport, data):
    daemon_threads = data.draw(DAEMON_THREADS, label="daemon_threads")
    loop_is_daemon = data.draw(st.booleans(), label="serve_forever thread is a daemon")
    n = data.draw(st.integers(1, 3), label="requests")
    rec, threads, handler = indexed_requests(impl, transport)
    with start_server(impl, transport, handler, flavour="threading", recorder=rec,
                      attrs=flag_attrs(daemon_threads, None), serve=False) as srv:
        with serving_in_thread(srv, daemon=loop_is_daemon):
            for i in range(n):
                Request(srv, index_line(i))
            rec.wait_count("handle:exit", n)
    want = bool(daemon_threads)
    clause = "THREAD-5" if daemon_threads is None else "THREAD-4"
    # Rule: handler threads are daemons exactly when daemon_threads is true (false by default),
    # whatever the daemon flag of the serving thread.
    wrong = [(i, e.daemon) for i, e in sorted(requests(rec).items()) if e.daemon != want]
    expect(not wrong, clause,
           f"daemon_threads={'default' if daemon_threads is None else daemon_threads}, serve_forever in a "
           f"{'daemon' if loop_is_daemon else 'non-daemon'} thread: handler threads (index, daemon) {wrong}")


#: The flag settings of each server_close() regime (None: the implementation's default), so
#: every regime is exercised in every run, however few examples the profile allows.
CLOSE_REGIMES = {
    "joins": (st.sampled_from([None, False]), st.sampled_from([None, True])),
    "block_on_close_false": (st.sampled_from([None, False]), st.just(False)),
    "daemon_threads": (st.just(True), BLOCK_ON_CLOSE),
}


@pytest.mark.spec("THREAD-6", "THREAD-7", "THREAD-8", "THREAD-2", "THREAD-3")
@pytest.mark.parametrize("regime", list(CLOSE_REGIMES))
@transports()
@settings(max_examples=scaled_examples(0.4))
@given(data=st.data())
def test_server_close_waits_exactly_when_the_model_says(impl, transport, regime, data):
    daemon_flags, block_flags = CLOSE_REGIMES[regime]
    daemon_threads = data.draw(daemon_flags, label="daemon_threads")
    block_on_close = data.draw(block_flags, label="block_on_close")
    n = data.draw(st.integers(1, 4), label="requests in flight")
    held = data.draw(st.sets(st.integers(0, n - 1), min_size=1), label="held requests")
    must_wait = server_close_must_wait(daemon_threads, block_on_close)
    flags = (f"daemon_threads={daemon_threads}, block_on_close={block_on_close} (None: default), "
             f"{n} request(s), held {sorted(held)}")
    rec, threads, handler = indexed_requests(impl, transport, held=held)
    closer = None
    try:
        with start_server(impl, transport, handler, flavour="threading", recorder=rec, instrument=True,
                          overrides={"handle_error": quiet_handle_error},
                          attrs=flag_attrs(daemon_threads, block_on_close)) as srv:
            judged = "THREAD-6" if must_wait else "THREAD-8" if daemon_threads else "THREAD-7"
            # Each request in flight must reach handle() while any before it is held
            # (THREAD-2) and its process_request() return (THREAD-3): what server_close() then
            # faces is only set up where those hold, and a loop still inside process_request()
            # could not be stopped first.
            for i in range(n):
                Request(srv, index_line(i))
            for i in range(n):
                rec.wait_for(lambda evs: count("request")(evs) > i, what=f"request {i} in its handler",
                             clause="THREAD-2" if held & set(range(i)) else judged)
                await_events(rec, lambda evs: count("process_request:exit")(evs) > i, "THREAD-3",
                             lambda evs: f"process_request() of request {i} did not return while its "
                                         f"handler {'was held' if i in held else 'ran'} ({flags})")
            srv.stop()  # the loop first: server_close() comes after shutdown() in normal use
            closer = BackgroundCall(srv.server.server_close, after=threads.alive, name="server_close")
            if must_wait:
                # Rule: while a non-daemon handler is held, server_close() stays blocked.
                # (Time is the clause here: a wrong server_close() returns at once.)
                expect(not closer.done.wait(bounds(RETURN_WINDOW_S)), "THREAD-6",
                       f"server_close() returned while held handler threads {closer.after_result} "
                       f"were still running ({flags})")
                rec.open_all_gates()
                # Rule: once the handlers are released it returns, with every handler thread over.
                expect(closer.wait(bounds.soon), "THREAD-6",
                       f"server_close() had not returned {bounds.soon:g} s after the handlers were released ({flags})")
                expect(not closer.after_result, "THREAD-6",
                       f"server_close() returned while handler threads {closer.after_result} were "
                       f"still running ({flags})")
            else:
                # Rule: server_close() returns while the handlers are still held.
                expect(closer.wait(bounds.soon), judged,
                       f"server_close() was still blocked after {bounds.soon:g} s with held handlers ({flags})")
            if closer.error is not None:
                raise closer.error
    finally:
        rec.open_all_gates()
        if closer is not None:
            closer.wait(bounds.soon)
        threads.join_all(bounds.soon)


@pytest.mark.spec("THREAD-9")
@transports()
@settings(max_examples=scaled_examples(0.2))
@given(data=st.data())
def test_finished_handler_threads_are_not_kept(impl, transport, data):
    daemon_threads = data.draw(DAEMON_THREADS, label="daemon_threads")
    block_on_close = data.draw(BLOCK_ON_CLOSE, label="block_on_close")
    rec, threads, handler = indexed_requests(impl, transport, weak=True)
    with start_server(impl, transport, handler, flavour="threading", recorder=rec,
                      attrs=flag_attrs(daemon_threads, block_on_close)) as srv:
        for i in range(MANY_REQUESTS):
            request = Request(srv, index_line(i))
            rec.wait_count("handle:exit", i + 1, clause="THREAD-9")  # each handler must end first
            expect(threads.join(i, bounds.soon), "THREAD-9",  # a hang names the clause it stopped
                   f"the handler thread of request {i} still ran {bounds.soon:g} s after its handle() returned")
            request.client.close()  # only now: a datagram reply has been sent by then
        gc.collect()
        kept = threads.reachable()
        # Rule: the server holds on to at most a bounded few finished handler threads.
        expect(len(kept) <= MAX_KEPT_THREADS, "THREAD-9",
               f"after {MANY_REQUESTS} finished requests (daemon_threads={daemon_threads}, "
               f"block_on_close={block_on_close}) the Thread objects of {len(kept)} are still "
               f"referenced: requests {kept}")


@pytest.mark.spec("THREAD-10")
@transports()
@settings(max_examples=scaled_examples(0.5, min_examples=3))
@given(data=st.data())
def test_server_close_without_any_request(impl, transport, data):
    daemon_threads = data.draw(DAEMON_THREADS, label="daemon_threads")
    block_on_close = data.draw(BLOCK_ON_CLOSE, label="block_on_close")
    serve = data.draw(st.booleans(), label="serve_forever ran first")
    rec, threads, handler = indexed_requests(impl, transport)
    with start_server(impl, transport, handler, flavour="threading", recorder=rec,
                      attrs=flag_attrs(daemon_threads, block_on_close), serve=serve) as srv:
        srv.stop()
        closer = BackgroundCall(srv.server.server_close, name="server_close")
        returned = closer.wait(bounds.soon)
        what = (f"daemon_threads={daemon_threads}, block_on_close={block_on_close}, "
                f"serve_forever {'ran' if serve else 'never ran'}")
        # Rule: server_close() on a server that handled nothing returns at once, quietly.
        expect(returned, "THREAD-10", f"server_close() did not return within {bounds.soon:g} s ({what})")
        expect(closer.error is None, "THREAD-10", f"server_close() raised {closer.error!r} ({what})")


@pytest.mark.spec("THREAD-11", "THREAD-12")
@transports()
@given(data=st.data())
def test_handler_errors_stay_in_the_handler_thread(impl, transport, data):
    n = data.draw(st.integers(1, 3), label="requests")
    failing = data.draw(st.sets(st.integers(0, n - 1), min_size=1), label="failing requests")
    rec, threads, handler = indexed_requests(impl, transport, failing=failing)
    with start_server(impl, transport, handler, flavour="threading", recorder=rec, instrument=True,
                      overrides={"handle_error": quiet_handle_error}) as srv:
        clients = [Request(srv, index_line(i)).client for i in range(n)]
        ok = n - len(failing)
        await_events(rec, lambda evs: count("handle_error:exit")(evs) >= len(failing)
                     and count("handle:exit")(evs) >= ok, "THREAD-11",
                     lambda evs: f"{len(failing)} handler(s) were to raise; handle_error() ran "
                                 f"{count('handle_error:exit')(evs)} time(s); "
                                 f"{handlers_without_their_line(evs)} handler(s) still had not read "
                                 "their request line")
        events = rec.events
        raised = [e for e in events if e.name == "handle:raise"]
        calls = [e for e in events if e.name == "handle_error:enter"]
        serving = {e.thread_id for e in events if e.name == "process_request:enter"}
        # Rule: handle_error() runs once per failed request, in the thread whose handler raised.
        unmatched = [r.thread for r in raised
                     if not any(c.thread_id == r.thread_id and c.seq > r.seq for c in calls)]
        expect(len(calls) == len(failing) and not unmatched, "THREAD-11",
               f"handlers raised in threads {[r.thread for r in raised]}; handle_error() ran in "
               f"{[c.thread for c in calls]}")
        expect(not any(c.thread_id in serving for c in calls), "THREAD-11",
               f"handle_error() ran in the serving thread: {[c.thread for c in calls]}")
        if transport.is_stream:
            # Rule: a failed request's connection is shut down: its client reads EOF.
            deadline = time.monotonic() + bounds.soon
            still_open = [i for i in sorted(failing)
                          if not clients[i].at_eof(max(0.0, deadline - time.monotonic()))]
            expect(not still_open, "THREAD-12",
                   f"clients of failed requests {still_open} read no EOF within {bounds.soon:g} s")
        # Rule: the server goes on handling new requests after handler errors.
        Request(srv, index_line(n))
        await_events(rec, lambda evs: count("handle:exit")(evs) >= ok + 1, "THREAD-12",
                     lambda evs: f"a new request after {len(failing)} handler error(s) was not handled")
