"""ForkingMixIn: requests in child processes, exit statuses, reaping, max_children, closing.

Children report through the recorder's pipe (``start_server`` enables it for forking
servers).  Children are held on a ``ProcessBarrier`` (threading gates do not cross fork),
and their states are read without reaping them, since reaping is what is under test.
"""
from __future__ import annotations

import contextlib
import os
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socketserver_conformance.harness import (bounds, TCP, TCP6, UDP, UDP6, UNIX_DGRAM, UNIX_STREAM, BackgroundCall,
                                              ClauseViolation, HarnessTimeout, Recorder, Request, RunningServer,
                                              Transport, expect, quiet_handle_error, recording_handler_for,
                                              scaled_examples, start_server)
from socketserver_conformance.kits.forking import (GONE, RETURNED_STATUS, RUNNING, ZOMBIE, ProcessBarrier, child_pids,
                                                   child_state, exit_status, fully_closed, handle_one_request, reap,
                                                   runaway_pids, spawn_exiting_child, stop_runaways, wait_exited)

#: Forks cost ~10 ms each on a busy machine: fork-heavy tests run half the profile's examples,
#: tests that also spend a fixed window per example a quarter.
HALF = scaled_examples(0.5, min_examples=3)
FEW = scaled_examples(0.25, min_examples=3)
#: How long a server gets to do what it must not do (start an extra child, return early).
#: Only a broken implementation ends it early; a conforming one always pays it in full.
WINDOW_S = 0.15  # at time scale 1: read it as bounds(WINDOW_S)

_REPLY_CLAUSE = {"tcp": "FORK-12", "tcp6": "FORK-12", "udp": "FORK-12", "udp6": "FORK-12",
                 "unix-stream": "FORK-13", "unix-dgram": "FORK-14"}


def _param(transport: Transport) -> Any:
    # The Unix forking servers are their own clauses (3.12+): a skip there is theirs alone.
    return pytest.param(transport, id=transport.name,
                        marks=pytest.mark.spec(_REPLY_CLAUSE[transport.name]))


ALL = [_param(t) for t in (TCP, TCP6, UDP, UDP6, UNIX_STREAM, UNIX_DGRAM)]
STREAMS = [_param(t) for t in (TCP, UNIX_STREAM)]
INET = [pytest.param(t, id=t.name) for t in (TCP, UDP)]


def _request_body(handler: Any) -> bytes:
    """The client's request as the handler sees it (a line, or the datagram's bytes)."""
    return handler.rfile.readline().strip()


def _reply_pid(handler: Any) -> None:
    _request_body(handler)
    handler.wfile.write(f"{os.getpid()}\n".encode())


def _request(srv: Any, body: bytes = b"ping") -> Request:
    """A new client's request: ``body`` as a line (stream) or as the datagram."""
    return Request(srv, body, as_line=True)


@contextlib.contextmanager
def _held_server(impl: Any, transport: Transport, rec: Recorder, body: Optional[Callable[[Any], None]] = None,
                 **options: Any) -> Iterator[Tuple[RunningServer, ProcessBarrier]]:
    """A forking server whose handlers hold on a ProcessBarrier (then run ``body``, if given)
    until the test releases them; every holder is let through however the block ends."""
    with ProcessBarrier() as barrier:
        hold = (lambda h: barrier.hold() and body(h)) if body else (lambda h: barrier.hold())
        handler = recording_handler_for(impl, transport, rec, handle=hold)
        with start_server(impl, transport, handler, flavour="forking", recorder=rec, **options) as srv:
            try:
                yield srv, barrier
            finally:
                barrier.release_all()


def _held_children(srv: RunningServer, rec: Recorder, count: int, clause: str, *,
                   by_handle_request: bool = False) -> List[int]:
    """Start ``count`` requests whose handlers hold on the barrier; their child pids.  With
    ``by_handle_request`` each is forked by handle_request() in this thread, which collects no
    child: the server gets its children without a loop that could reap them.  Handlers that
    never start fail ``clause``, the test's: its verdict needs them (a wait that runs out fails
    the clause it waited for)."""
    for _ in range(count):
        _request(srv)
        if by_handle_request:
            srv.server.handle_request()
    try:
        rec.wait_count("handle:enter", count)
    except HarnessTimeout:
        raise ClauseViolation(clause, f"only {len(rec.named('handle:enter'))} of {count} requests reached "
                              f"handle() in a child within {bounds.soon:g} s") from None
    return child_pids(rec, os.getpid(), "handle:enter")


def _served_and_reaped(srv: RunningServer, rec: Recorder, count: int) -> List[int]:
    """Serve ``count`` requests to their replies, then wait until the serving loop has reaped
    their children (a FORK-6 verdict when it does not); the children's pids."""
    requests = [_request(srv) for _ in range(count)]
    for r in requests:
        r.reply()
    rec.wait_count("handle:exit", count)
    pids = child_pids(rec, os.getpid(), "handle:enter")
    # service_actions() runs every poll of serve_forever: its events wake this wait.
    try:
        rec.wait_for(lambda evs: all(child_state(p) == GONE for p in pids), what="every child reaped")
    except HarnessTimeout:
        states = {p: child_state(p) for p in pids}
        raise ClauseViolation("FORK-6", f"{bounds.soon:g} s after {count} requests finished, children were "
                              f"{states} (active_children={srv.server.active_children})") from None
    return pids


def _max_running(rec: Recorder, parent: int) -> int:
    """The most handlers that were inside handle() at once, from the children's own events."""
    running = peak = 0
    for e in rec.events:
        if e.pid == parent:
            continue
        if e.name == "handle:enter":
            running += 1
            peak = max(peak, running)
        elif e.name in ("handle:exit", "handle:raise"):
            running -= 1
    return peak


@pytest.mark.spec("FORK-1", "FORK-4")
@pytest.mark.parametrize("transport", ALL)
@given(data=st.data())
def test_each_request_runs_in_its_own_child(impl, transport, data):
    count = data.draw(st.integers(1, 3), label="concurrent requests")
    rec = Recorder()
    parent = os.getpid()
    handler = recording_handler_for(impl, transport, rec, handle=_reply_pid)
    with start_server(impl, transport, handler, flavour="forking", recorder=rec, instrument=True) as srv:
        try:
            requests = [_request(srv) for _ in range(count)]
            try:
                replies = [r.reply() for r in requests]
            except HarnessTimeout as exc:
                raise ClauseViolation(_REPLY_CLAUSE[transport.name],
                                      f"a client of {count} got no reply from its child: {exc}") from None
            rec.wait_count("handle:exit", count)
            pids = child_pids(rec, parent, "handle:enter")
            unfinished = [p for p in pids if not wait_exited(p)]
        finally:
            stop_runaways(rec, parent)
    # Rule: every handler ran in a process of its own, never the server's.
    expect(len(pids) == count and parent not in pids, "FORK-1",
           f"{count} requests were handled in processes {pids} (server pid {parent})")
    # Rule: the reply written in the child reaches the client.
    expect(sorted(r.strip() for r in replies) == sorted(str(p).encode() for p in pids),
           _REPLY_CLAUSE[transport.name], f"client got replies {replies!r} from children {pids}")
    # Rule: a child ends after its request and never runs the server's loop.
    expect(not unfinished, "FORK-4", f"children {unfinished} still ran {bounds.soon:g} s after their request")
    runaways = runaway_pids(rec, parent)
    expect(not runaways, "FORK-4", f"children {sorted(runaways)} recorded serving-loop events: "
           f"{[e.name for e in rec.events if e.pid in runaways][:8]}")


@pytest.mark.spec("FORK-2", "FORK-3", "FORK-4", "FORK-17")
@pytest.mark.parametrize("transport", INET)
@settings(max_examples=HALF)
@given(data=st.data())
def test_child_exit_status_reports_the_handler_outcome(impl, transport, data):
    outcomes = data.draw(st.lists(st.sampled_from(["return", "raise", "exit"]), min_size=1, max_size=3),
                         label="handler outcomes")
    rec = Recorder()
    parent = os.getpid()

    def body(handler: Any) -> None:
        what = _request_body(handler)
        if what == b"raise":
            raise ValueError("handler failed on purpose")
        if what == b"exit":
            raise SystemExit(0)

    handler = recording_handler_for(impl, transport, rec, handle=body)
    seen: List[Dict[str, Any]] = []
    with start_server(impl, transport, handler, flavour="forking", recorder=rec, serve=False,
                      overrides={"handle_error": quiet_handle_error}, attrs={"timeout": bounds.soon}) as srv:
        for i, outcome in enumerate(outcomes):
            _request(srv, outcome.encode())
            handle_one_request(srv.server, rec)  # in this thread: no loop reaps behind our back
            rec.wait_for(lambda evs: len(child_pids(rec, parent, "init")) > i, what=f"child {i + 1}")
            pid = child_pids(rec, parent, "init")[i]
            exited = wait_exited(pid)
            if outcome == "raise":  # its events may still be in the pipe: wait for the one we need
                try:
                    rec.wait_for(lambda evs: any(e.name == "handle_error:enter" and e.pid == pid
                                                 for e in evs), what=f"handle_error() in child {pid}")
                except HarnessTimeout:
                    pass  # judged below
            try:  # the child's last events may still be in the pipe
                rec.wait_for(lambda evs: any(e.name == "shutdown_request:exit" and e.pid == pid for e in evs),
                             what=f"shutdown_request() in child {pid}")
            except HarnessTimeout:
                pass  # judged below
            seen.append({"outcome": outcome, "pid": pid, "exited": exited, "status": exit_status(pid),
                         "handle_error_pids": [e.pid for e in rec.named("handle_error:enter")],
                         "child_shutdowns": sum(e.pid == pid for e in rec.named("shutdown_request:enter"))})
    # Rule: the parent closes its copy of each request, and never shuts the connection down.
    closes = sum(e.pid == parent for e in rec.named("close_request:enter"))
    shutdowns = sum(e.pid == parent for e in rec.named("shutdown_request:enter"))
    expect(closes == len(outcomes) and shutdowns == 0, "FORK-17",
           f"for {len(outcomes)} requests the parent called close_request() {closes} time(s) and "
           f"shutdown_request() {shutdowns} time(s)")
    for s in seen:
        # Rule: the child shuts its request down exactly once, however the handler ended.
        expect(s["child_shutdowns"] == 1, "FORK-17",
               f"child {s['pid']} ({s['outcome']}) called shutdown_request() {s['child_shutdowns']} time(s)")
        # Rule: a child terminates after its request and never returns into the caller's code.
        expect(s["exited"], "FORK-4", f"child {s['pid']} ({s['outcome']}) still ran {bounds.soon:g} s later")
        expect(s["status"] != f"exit {RETURNED_STATUS}", "FORK-4",
               f"child {s['pid']} ({s['outcome']}) returned from handle_request() into the test")
        if s["outcome"] == "return":
            # Rule: a clean request ends its child with exit status 0.
            expect(s["status"] == "exit 0", "FORK-2",
                   f"child {s['pid']} of a handler that returned ended with {s['status']}")
        elif s["outcome"] == "raise":
            # Rule: an exception is reported by handle_error() in the child, which exits with 1.
            expect(s["pid"] in s["handle_error_pids"], "FORK-3",
                   f"handle_error() ran in processes {s['handle_error_pids']}, not in child {s['pid']}")
            expect(s["status"] == "exit 1", "FORK-3",
                   f"child {s['pid']} of a handler that raised ended with {s['status']}")


@pytest.mark.spec("FORK-5")
@pytest.mark.parametrize("transport", STREAMS)
@given(data=st.data())
def test_parent_gives_up_its_copy_of_the_connection(impl, transport, data):
    count = data.draw(st.integers(1, 3), label="sequential connections")
    rec = Recorder()
    handler = recording_handler_for(impl, transport, rec, handle=_reply_pid)
    with start_server(impl, transport, handler, flavour="forking", recorder=rec) as srv:
        for i in range(count):
            request = _request(srv)
            pid = int(request.reply() or b"0")
            expect(pid and wait_exited(pid), "FORK-4", f"connection {i}: child {pid} did not exit")
            closed = fully_closed(request.client.sock)
            # Rule: once the child is gone nobody holds the connection, and the server still serves.
            expect(closed, "FORK-5", f"connection {i}: still held open (no reset, no hang-up) {bounds.soon:g} s "
                   f"after child {pid} exited; the parent kept its copy")
            expect(srv.serving, "FORK-5", f"serve_forever() stopped after connection {i}")


@pytest.mark.spec("FORK-6")
@pytest.mark.parametrize("transport", INET)
@given(data=st.data())
def test_children_are_reaped_while_serving(impl, transport, data):
    count = data.draw(st.integers(1, 4), label="concurrent requests")
    rec = Recorder()
    handler = recording_handler_for(impl, transport, rec, handle=_reply_pid)
    with start_server(impl, transport, handler, flavour="forking", recorder=rec, instrument=True) as srv:
        _served_and_reaped(srv, rec, count)
        # Rule: the loop reaped them by itself, still serving.
        expect(srv.serving, "FORK-6", "serve_forever() stopped")


@pytest.mark.spec("FORK-15")
@pytest.mark.parametrize("transport", INET)
@settings(max_examples=FEW)
@given(data=st.data())
def test_a_server_with_no_children_yet_idles_and_closes(impl, transport, data):
    timeout = data.draw(st.floats(0.005, 0.03), label="timeout")
    polls = data.draw(st.integers(1, 3), label="idle polls before the first request")
    rec = Recorder()
    handler = recording_handler_for(impl, transport, rec, handle=_reply_pid)
    with start_server(impl, transport, handler, flavour="forking", recorder=rec, instrument=True,
                      attrs={"timeout": timeout}, serve=False, poll_interval=0.01) as srv:
        # Rule: with no child ever forked, handle_request() times out cleanly...
        call = BackgroundCall(srv.server.handle_request, name="handle_request")
        expect(call.wait(bounds.soon) and call.error is None, "FORK-15",
               f"handle_request() with timeout={timeout} and no request, before any child: "
               f"{call.outcome()}")
        expect(len(rec.named("handle_timeout:exit")) == 1, "FORK-15",
               f"handle_timeout() calls that returned: {len(rec.named('handle_timeout:exit'))}, not 1")
        # ...the loop polls idle without failing, then serves...
        srv.serve(0.01)
        rec.wait_count("service_actions:exit", polls)
        reply = _request(srv).reply()
        expect(srv.serving and reply.strip().isdigit(), "FORK-15",
               f"after {polls} idle poll(s) the client got {reply!r}; serve_forever() "
               f"{'raised ' + repr(srv.loop_error) if srv.loop_error else 'was running' if srv.serving else 'returned'}")
    # ...and a fresh one closes at once.
    with start_server(impl, transport, handler, flavour="forking", serve=False) as fresh:
        close = BackgroundCall(fresh.server.server_close, name="server_close")
        expect(close.wait(bounds.soon) and close.error is None, "FORK-15",
               f"server_close() on a server that never forked: "
               f"{close.outcome()}")


@pytest.mark.spec("FORK-7")
@pytest.mark.parametrize("transport", INET)
@settings(max_examples=FEW)
@given(data=st.data())
def test_max_children_caps_running_handlers(impl, transport, data):
    cap = data.draw(st.integers(1, 2), label="max_children")
    count = cap + data.draw(st.integers(1, 2), label="requests beyond the cap")
    rec = Recorder()
    parent = os.getpid()
    with _held_server(impl, transport, rec, instrument=True, attrs={"max_children": cap}) as (srv, barrier):
        for _ in range(count):
            _request(srv)
        try:
            rec.wait_count("handle:enter", cap)
        except HarnessTimeout:
            raise ClauseViolation("FORK-7", f"with max_children={cap} and {count} requests, only "
                                  f"{len(rec.named('handle:enter'))} reached handle() within "
                                  f"{bounds.soon:g} s") from None
        try:  # only an implementation that ignores the cap can end this wait early
            rec.wait_count("handle:enter", cap + 1, timeout=bounds(WINDOW_S))
        except HarnessTimeout:
            pass
        early = _max_running(rec, parent)
        barrier.release_all()
        try:
            rec.wait_count("handle:exit", count)
        except HarnessTimeout:
            raise ClauseViolation("FORK-7", f"only {len(rec.named('handle:exit'))} of {count} "
                                  f"requests were served after the children were released "
                                  f"(max_children={cap})") from None
    # Rule: never more than max_children handlers at once, before or after the release.
    expect(early <= cap, "FORK-7", f"{early} handlers ran at once while held (max_children={cap})")
    peak = _max_running(rec, parent)
    expect(peak <= cap, "FORK-7", f"{peak} handlers ran at once (max_children={cap}, {count} requests)")


@pytest.mark.spec("FORK-7")
@pytest.mark.parametrize("transport", INET)
@settings(max_examples=FEW)
@given(data=st.data())
def test_a_waiting_request_starts_when_any_child_finishes(impl, transport, data):
    cap = data.draw(st.integers(2, 3), label="max_children")
    rec = Recorder()
    with _held_server(impl, transport, rec, instrument=True, attrs={"max_children": cap}) as (srv, barrier):
        _held_children(srv, rec, cap, "FORK-7")
        _request(srv)  # waits: the server is at its cap
        barrier.release(1)  # whichever child takes it finishes; the others stay held
        rec.wait_count("handle:exit")
        # Rule: one finished child frees a slot, though the others are still running.
        try:
            rec.wait_count("handle:enter", cap + 1)
        except HarnessTimeout:
            raise ClauseViolation("FORK-7", f"with max_children={cap}, the waiting request had not "
                                  f"started {bounds.soon:g} s after one child finished ({cap - 1} still "
                                  f"running)") from None


@pytest.mark.spec("FORK-16")
@pytest.mark.parametrize("transport", INET)
@settings(max_examples=FEW)
@given(data=st.data())
def test_children_reaped_by_someone_else_are_forgotten(impl, transport, data):
    cap = data.draw(st.integers(1, 2), label="max_children")
    rec = Recorder()
    with _held_server(impl, transport, rec, _reply_pid, instrument=True, serve=False,
                      attrs={"max_children": cap, "timeout": bounds.soon}) as (srv, barrier):
        # Forked by handle_request(), which collects nothing: the server reaches its cap untouched.
        pids = _held_children(srv, rec, cap, "FORK-16", by_handle_request=True)
        barrier.release_all()
        reap(pids)  # the test, not the server, reaps them: as a SIGCHLD handler would
        srv.serve(0.01)
        # Rule: the server forgets the children it can no longer wait for, and serves on.
        try:
            rec.wait_count("service_actions:exit", 2)
        except HarnessTimeout:
            raise ClauseViolation("FORK-16", f"with max_children={cap} and its {cap} children reaped "
                                  f"by someone else, the loop's child collection (service_actions) "
                                  f"had not returned after {bounds.soon:g} s") from None
        request = _request(srv)
        try:
            reply = request.reply()
        except HarnessTimeout:
            reply = b""
        expect(reply.strip().isdigit(), "FORK-16",
               f"with max_children={cap} and its {cap} children reaped by someone else, the "
               f"server gave a new client {reply!r} (serve_forever() "
               f"{'raised ' + repr(srv.loop_error) if srv.loop_error else 'running'})")


@pytest.mark.spec("FORK-18")
@pytest.mark.parametrize("transport", INET)
@settings(max_examples=FEW)
@given(data=st.data())
def test_active_children_lists_only_uncollected_children(impl, transport, data):
    count = data.draw(st.integers(1, 3), label="children")
    elsewhere = data.draw(st.integers(0, count), label="children reaped by someone else")
    rec = Recorder()
    with _held_server(impl, transport, rec, serve=False,
                      attrs={"timeout": bounds.soon, "max_children": count + 1}) as (srv, barrier):
        pids = _held_children(srv, rec, count, "FORK-18", by_handle_request=True)
        barrier.release_all()
        exited = all(wait_exited(p) for p in pids)
        reap(pids[:elsewhere])  # as a SIGCHLD handler would
        srv.server.handle_timeout()  # one collection pass (FORK-8)
        listed = set(srv.server.active_children or ())
    # Rule: one pass leaves no collected (or vanished) child listed as active.
    stale = sorted(listed & set(pids))
    expect(exited and not stale, "FORK-18",
           f"after one handle_timeout() with {count} exited children ({elsewhere} reaped elsewhere), "
           f"active_children still listed {stale}")


@pytest.mark.spec("FORK-8")
@pytest.mark.parametrize("transport", INET)
@given(data=st.data())
def test_handle_timeout_collects_exited_children(impl, transport, data):
    count = data.draw(st.integers(1, 3), label="requests")
    rec = Recorder()
    parent = os.getpid()
    handler = recording_handler_for(impl, transport, rec, handle=lambda h: _request_body(h))
    with start_server(impl, transport, handler, flavour="forking", recorder=rec, serve=False,
                      attrs={"timeout": bounds.soon}) as srv:
        for i in range(count):
            _request(srv)
            handle_one_request(srv.server, rec)
        rec.wait_for(lambda evs: len(child_pids(rec, parent, "handle:exit")) >= count,
                     what=f"{count} handlers done")
        pids = child_pids(rec, parent, "handle:exit")
        for p in pids:
            wait_exited(p)
        before = {p: child_state(p) for p in pids}
        srv.server.handle_timeout()
        after = {p: child_state(p) for p in pids}
    # Rule: handle_timeout() leaves no exited child unreaped.
    expect(all(s == GONE for s in after.values()), "FORK-8",
           f"children before handle_timeout(): {before}; after: {after}")


@pytest.mark.spec("FORK-11", "FORK-6")
@pytest.mark.parametrize("transport", INET)
@settings(max_examples=HALF)
@given(data=st.data())
def test_server_reaps_only_its_own_children(impl, transport, data):
    count = data.draw(st.integers(1, 3), label="requests")
    code = data.draw(st.sampled_from([7, 99]), label="foreign child's exit code")
    rec = Recorder()
    foreign = spawn_exiting_child(code)
    try:
        wait_exited(foreign)
        handler = recording_handler_for(impl, transport, rec, handle=_reply_pid)
        with start_server(impl, transport, handler, flavour="forking", recorder=rec,
                          instrument=True) as srv:
            _served_and_reaped(srv, rec, count)
            # A few more collection rounds, for a server that sweeps with waitpid(-1).
            polls = len(rec.named("service_actions:exit"))
            rec.wait_count("service_actions:exit", polls + 3)
            while_serving = child_state(foreign)
            srv.stop()
            srv.server.server_close()
            after_close = child_state(foreign)
        status = exit_status(foreign)
    finally:
        reap([foreign])
    # Rule: collecting its own children never reaps a child the server did not fork.
    expect(while_serving == ZOMBIE, "FORK-11",
           f"the test's own exited child {foreign} was {while_serving} while the server served")
    expect(after_close == ZOMBIE and status == f"exit {code}", "FORK-11",
           f"the test's own exited child {foreign} was {after_close} ({status}) after server_close()")


@pytest.mark.spec("FORK-9")
@pytest.mark.parametrize("transport", INET)
@settings(max_examples=FEW)
@given(data=st.data())
def test_server_close_waits_for_children_by_default(impl, transport, data):
    count = data.draw(st.integers(1, 2), label="held children")
    rec = Recorder()
    with _held_server(impl, transport, rec) as (srv, barrier):
        pids = _held_children(srv, rec, count, "FORK-9")
        srv.stop()
        closing = BackgroundCall(srv.server.server_close, name="server_close")
        returned_early = closing.wait(bounds(WINDOW_S))
        early = {p: child_state(p) for p in pids}
        barrier.release_all()
        returned = closing.wait(bounds.soon)
        after = {p: child_state(p) for p in pids}
    # Rule: server_close() returns only once every child has exited, and has reaped them.
    expect(not returned_early, "FORK-9", f"server_close() returned while children were held: {early}")
    expect(returned, "FORK-9", f"server_close() had not returned {bounds.soon:g} s after the children were "
           f"released: {after}")
    expect(all(s == GONE for s in after.values()), "FORK-9",
           f"after server_close() returned, children were {after}")


@pytest.mark.spec("FORK-10")
@pytest.mark.parametrize("transport", INET)
@given(data=st.data())
def test_server_close_does_not_wait_without_block_on_close(impl, transport, data):
    count = data.draw(st.integers(1, 2), label="held children")
    rec = Recorder()
    pids: List[int] = []
    try:
        with _held_server(impl, transport, rec, attrs={"block_on_close": False}) as (srv, barrier):
            closing = None
            try:
                pids = _held_children(srv, rec, count, "FORK-10")
                srv.stop()
                closing = BackgroundCall(srv.server.server_close, name="server_close")
                returned = closing.wait(bounds.soon)
                during = {p: child_state(p) for p in pids}
            finally:
                barrier.release_all()
                if closing is not None and not closing.wait(bounds.soon):
                    raise ClauseViolation("FORK-10", "server_close() never returned")
    finally:
        reap(pids)  # nobody waits for these children: the test does
    # Rule: with block_on_close false, server_close() returns while children still run.
    expect(returned, "FORK-10", f"server_close() did not return within {bounds.soon:g} s while children "
           f"{pids} were held")
    expect(all(s == RUNNING for s in during.values()), "FORK-10",
           f"children when server_close() returned: {during} (expected them still held)")
