"""A Hypothesis state machine that plays several TCP clients against one server and checks a model.

Theory of operation: each example starts one server (sync, threading or forking) whose
handler answers numbered lines (``_model_world.answer_numbered_lines``).  Rules connect,
send segments (paced), exchange (send lines, read the replies), read, end a client
(half-close, close or reset), drain a half-closed client, and pause; the ``World`` model
says which reply bytes each client is owed at any moment.  A read waits (bounded) only for
bytes the model says must come, and meanwhile peeks at the other clients, so a reply sent
to the wrong connection fails at once.  An invariant compares the recorder's hook events
with the model after every step; it only looks for forbidden events, so events that arrive
late (from forked children) never cause a false verdict.  The first violation is latched
and raised at teardown (see ``ServerModel._act``).  Teardown half-closes every client,
reads each to EOF, stops the server, and checks that every connection had one complete
lifecycle and that nothing was left running.
"""
from __future__ import annotations

import contextlib
import os
import select
import socket
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import (Bundle, RuleBasedStateMachine, consumes, initialize, invariant,
                                multiple, precondition, rule)

from socketserver_conformance.harness import (bounds, TCP, ClauseViolation, Recorder, StreamClient, quiet_handle_error, violated,
                                              recording_handler_for, start_server)
from socketserver_conformance.harness._leaks import Snapshot
from socketserver_conformance.harness.strategies import line_lists, lines, payloads
from socketserver_conformance.kits.model_world import (CLOSED, HALF_CLOSED, RESET, Conn, Lifecycle, World,
                                                       answer_numbered_lines, final_problems, lifecycle_problems,
                                                       lifecycles, order_problems)

#: At most this many client sockets open at once (a step count of ~15 rarely reaches it).
MAX_LIVE = 4
#: Connections per example: within the default listen backlog (request_queue_size = 5), so a
#: synchronous server's queue never overflows and drops a connection the model counts on.
MAX_CONNECTS = 5
#: How often a client waiting for replies looks at the other clients and the events (s).
WATCH_SLICE = 0.02

#: Which clause a failed check is charged to, per server flavour.
CLAUSES = {
    "threading": {"replies": "MODEL-1", "lifecycle": "MODEL-2", "order": "MODEL-1", "process": "MODEL-1"},
    "sync": {"replies": "MODEL-3", "lifecycle": "MODEL-2", "order": "MODEL-3", "process": "MODEL-2"},
    "forking": {"replies": "MODEL-4", "lifecycle": "MODEL-4", "order": "MODEL-4", "process": "MODEL-4"},
}


def segments() -> st.SearchStrategy[bytes]:
    """What one send carries: whole lines (maybe with a partial tail), a line's start, or any bytes."""
    return st.one_of(line_lists(min_size=1, max_size=3, max_line=10).map(b"".join),
                     lines(min_size=1, max_size=10, terminated=False),
                     payloads(min_size=1, max_size=16))


class ServerModel(RuleBasedStateMachine):
    """Subclassed per implementation and flavour by ``machine_for``."""

    impl: Any = None
    flavour: str = "threading"

    talking = Bundle("talking")    # connected, both directions open
    draining = Bundle("draining")  # half-closed: the client only reads now

    def __init__(self) -> None:
        super().__init__()
        self.clause = CLAUSES[self.flavour]
        self.world = World(serialised=self.flavour == "sync")
        self.clients: Dict[int, StreamClient] = {}
        self.violation: Optional[ClauseViolation] = None  # the first one; reported at teardown
        # Forked children are looked up in /proc, which costs: only where there can be any.
        self.before = Snapshot.take() if self.flavour == "forking" else None
        self.threads_before = set(threading.enumerate())
        self.rec = Recorder()
        self.stack = contextlib.ExitStack()
        try:
            handler = recording_handler_for(self.impl, TCP, self.rec, handle=answer_numbered_lines,
                                            name="NumberedLinesHandler")
            # Reset clients make handle() raise; that is expected here, so no traceback on stderr.
            self.srv = self.stack.enter_context(start_server(
                self.impl, TCP, handler, flavour=self.flavour, recorder=self.rec,
                attrs={"handle_error": quiet_handle_error}))
        except BaseException:
            self.stack.close()
            raise

    # -- helpers ----------------------------------------------------------------------------
    def _fail(self, kind: str, observed: str) -> None:
        raise ClauseViolation(self.clause[kind], observed)

    def _act(self, action: Callable[[], None]) -> None:
        """Run a step's I/O and checks, unless a violation was already seen; latch the first one.

        A concurrency bug shows up a step earlier or later from run to run.  Raising at once
        would end the program at a different step each time, and Hypothesis would call its
        own data generation flaky.  So every step still runs (keeping the model's books, so
        preconditions stay the same), without I/O once a violation is latched, and teardown
        raises it.
        """
        if self.violation is not None:
            return
        try:
            action()
        except ClauseViolation as violation:
            self.violation = violation

    def _conn(self, number: int) -> Conn:
        return self.world.conns[number - 1]

    def _receive(self, conn: Conn, want: bytes) -> None:
        """Read exactly ``want`` (bounded), failing as soon as a byte differs or extra bytes come.

        While it waits it also looks at the other clients and the recorded events, so a reply
        sent to the wrong connection (or a handler the model forbids) fails at once, not after
        the full deadline: that keeps shrinking a failure quick.
        """
        client = self.clients[conn.number]
        deadline = time.monotonic() + bounds.soon
        got = b""
        while len(got) < len(want):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._fail_waiting(conn, f"{conn.describe()} waited {bounds.soon:g} s for replies {want!r}; "
                                         f"only {got!r} arrived")
            ready, _, _ = select.select([client.sock], [], [], min(remaining, WATCH_SLICE))
            if not ready:
                for other in self.world.live():
                    if other is not conn:
                        self._nothing_unpredicted(other, waiting=conn)
                self._check_handlers()
                continue
            try:
                client.sock.settimeout(0.0)
                chunk = client.sock.recv(65536)
            except BlockingIOError:
                continue
            except ConnectionError as exc:
                self._fail_waiting(conn, f"{conn.describe()} got {type(exc).__name__} after {got!r}, "
                                         f"waiting for replies {want!r}")
            finally:
                client.sock.settimeout(bounds.soon)
            if not chunk:
                self._fail_waiting(conn, f"{conn.describe()} got EOF after {got!r}, waiting for {want!r}")
            got += chunk
            if not want.startswith(got):
                self._fail("replies", f"{conn.describe()} received {got!r} where the model predicts "
                                      f"{want!r} (earlier replies {bytes(conn.received)!r})")
        conn.received += got

    def _fail_waiting(self, conn: Conn, observed: str) -> None:
        """``conn`` lacks replies: if another client got bytes it is not owed, that is the better evidence."""
        for other in self.world.live():
            if other is not conn:
                self._nothing_unpredicted(other, waiting=conn)
        self._fail("replies", observed)

    def _nothing_unpredicted(self, conn: Conn, waiting: Optional[Conn] = None) -> None:
        """A cheap look (a non-blocking peek): what has arrived on ``conn`` is owed to it."""
        client = self.clients[conn.number]
        owed = self.world.due(conn)
        client.sock.settimeout(0.0)
        try:
            arrived = client.sock.recv(65536, socket.MSG_PEEK)
        except BlockingIOError:
            return
        except ConnectionError as exc:
            arrived = None
            what = type(exc).__name__
        finally:
            client.sock.settimeout(bounds.soon)
        if arrived:
            if owed.startswith(arrived):
                return
            what = repr(arrived)
        elif arrived == b"":
            if conn.phase == HALF_CLOSED and self.world.served(conn) and not owed:
                return  # the server's EOF after the last reply: expected
            what = "EOF"
        blocker = self.world.blocker(conn)
        context = (f" while the earlier {blocker.describe()} was still connected" if blocker else "")
        if waiting is not None:
            context += f" (and {waiting.describe()} was waiting for its replies)"
        self._fail("order" if blocker else "replies",
                   f"{conn.describe()} received unpredicted {what}{context}; the model owes it "
                   f"{owed!r} beyond {bytes(conn.received)!r}")

    def _drain(self, conn: Conn) -> None:
        """Read a half-closed, served client's last replies, then its EOF; close it."""
        self._receive(conn, self.world.due(conn))
        client = self.clients[conn.number]
        try:
            client.sock.settimeout(bounds.soon)
            tail = client.sock.recv(65536)
        except socket.timeout:
            tail = None
        except ConnectionError:
            tail = b""  # the server is gone either way; its replies were all read
        if tail is None:
            self._fail("replies", f"{conn.describe()} got all its replies but no EOF within {bounds.soon:g} s")
        if tail:
            self._fail("replies", f"{conn.describe()} received {tail!r} after its last predicted reply")
        conn.drained = True
        client.close()

    # -- rules ------------------------------------------------------------------------------
    @initialize(target=talking)
    def first_client(self) -> int:
        """Every program starts with one connected client, so no example is spent on none."""
        return self.connect()

    @precondition(lambda self: len(self.world.live()) < MAX_LIVE
                  and len(self.world.conns) < MAX_CONNECTS)
    @rule(target=talking)
    def connect(self) -> int:
        if self.violation is not None:
            return self.world.connect(port=-1).number  # books only: see _act
        client = StreamClient(TCP.family, self.srv.address)
        conn = self.world.connect(client.sock.getsockname()[1])
        self.clients[conn.number] = client
        return conn.number

    @rule(client=talking, pieces=st.lists(segments(), min_size=1, max_size=3),
          pause=st.sampled_from([0.0, 0.001, 0.003]))
    def send(self, client: int, pieces: List[bytes], pause: float) -> None:
        """Send each piece with its own sendall, ``pause`` seconds apart (a slow client)."""
        conn = self._conn(client)

        def send() -> None:
            try:
                self.clients[client].send_segments(pieces, [pause] * len(pieces))
            except OSError as exc:
                self._fail("replies", f"{conn.describe()} could not send {pieces!r}: the server "
                                      f"dropped a connection its client still talks on ({exc})")
        self._act(send)
        conn.sent += b"".join(pieces)

    @rule(seconds=st.sampled_from([0.0, 0.001]))
    def pause(self, seconds: float) -> None:
        time.sleep(seconds)  # the scenario's pacing (a slow client), not synchronisation

    def end(self, client: int, how: str) -> Any:
        """Stop talking on ``client``: half-close (then it only reads), close, or reset.

        One rule for the three ways to end (bound per flavour in ``machine_for``), so ending a
        client is not three times as likely as sending on it.
        """
        self._act(lambda: self._end_connection(client, how))
        self._conn(client).phase = how
        return multiple(client) if how == HALF_CLOSED else multiple()

    def _end_connection(self, number: int, how: str) -> None:
        client = self.clients[number]
        if how == HALF_CLOSED:
            with contextlib.suppress(OSError):  # a peer that is already gone is checked elsewhere
                client.half_close()
        elif how == RESET:
            client.reset()
        else:
            if self.flavour == "forking":
                # Forked children inherit this socket; only shutdown() reaches the peer past their copies.
                with contextlib.suppress(OSError):
                    client.sock.shutdown(socket.SHUT_RDWR)
            client.close()

    @rule(client=talking)
    def read(self, client: int) -> None:
        conn = self._conn(client)
        due = self.world.due(conn)
        event("read: replies due" if due else "read: nothing due")

        def read() -> None:
            # Rule: a client receives exactly the replies the model owes it, and nothing else.
            self._receive(conn, due)
            self._nothing_unpredicted(conn)
        self._act(read)

    @rule(client=talking, lines=line_lists(min_size=1, max_size=3, max_line=10))
    def exchange(self, client: int, lines: List[bytes]) -> None:
        """A request/response round: send some lines, then read every reply now due."""
        self.send(client, [b"".join(lines)], 0.0)
        self.read(client)

    @rule(client=consumes(draining))
    def drain(self, client: int) -> None:
        conn = self._conn(client)
        if self.world.served(conn):
            # Rule: a half-closed client receives its last replies, then the server's EOF.
            self._act(lambda: self._drain(conn))
            conn.drained = True
        else:
            # Rule: a connection queued behind an open one receives nothing yet (read at teardown).
            self._act(lambda: self._nothing_unpredicted(conn))

    # -- invariants -------------------------------------------------------------------------
    @invariant()
    def handlers_follow_the_model(self) -> None:
        self._act(self._check_handlers)

    def _check_lifecycles(self, *, at_end: bool) -> List[Lifecycle]:
        """The recorded lifecycles against the model (complete ones ``at_end``); they are returned."""
        cycles, problems = lifecycles(self.rec.events)
        # Rule: every handler runs init, setup, handle, finish once, for one of the clients,
        # and handle() ends only after its client stopped sending; after shutdown() and
        # server_close(), each connection had one complete lifecycle.
        problems += lifecycle_problems(self.world, cycles)
        if at_end:
            problems += final_problems(self.world, cycles)
        if problems:
            self._fail("lifecycle", "; ".join(problems))
        if self.world.serialised:
            # Rule: a synchronous server starts a handler only after all earlier connections ended.
            problems = order_problems(self.world, cycles)
            if problems:
                self._fail("order", "; ".join(problems))
        return cycles

    def _check_handlers(self) -> None:
        cycles = self._check_lifecycles(at_end=False)
        if self.flavour == "forking":
            # Rule: a forking server runs each handler in a child process.
            in_parent = [c.client_address for c in cycles if c.pid == os.getpid()]
            if in_parent:
                self._fail("process", f"handlers for {in_parent} ran in the server's own process")

    # -- teardown ---------------------------------------------------------------------------
    def teardown(self) -> None:
        # After an error in a step (or Hypothesis ending a run early) only clean up.
        failing = sys.exc_info()[1] is not None
        try:
            if not failing:
                self._act(self._finish_clients)
        except BaseException:
            failing = True
            raise
        finally:
            self._release_clients()
            if failing or self.violation is not None:
                with contextlib.suppress(Exception):  # the first verdict is the one to report
                    self.stack.close()
            else:
                self.stack.close()
        if failing:
            return
        self._act(self._check_clean_end)
        if self.violation is not None:
            raise self.violation
        event(f"connections checked at teardown: {len(self.world.conns)}")

    def _release_clients(self) -> None:
        for client in self.clients.values():
            # shutdown() first: forked children hold copies of these sockets, and a bare
            # close() would leave their peers waiting for an EOF that never comes.
            with contextlib.suppress(OSError):
                client.sock.shutdown(socket.SHUT_RDWR)
            client.close()

    def _finish_clients(self) -> None:
        for conn in self.world.conns:
            if not conn.ended:
                with contextlib.suppress(OSError):  # a peer already gone shows up in the drain
                    self.clients[conn.number].half_close()
                conn.phase = HALF_CLOSED
        for conn in self.world.conns:  # arrival order: a serialised server answers them in turn
            if conn.phase == HALF_CLOSED and not conn.drained:
                self._drain(conn)
        # Closed clients may still sit in the listen queue: wait until each has a handler before
        # shutdown() stops accepting.  Forked children report through a pipe that closes with
        # the server, so there wait for their whole lifecycles; threads record in place, and
        # server_close() joins them.
        started_only = self.flavour != "forking"
        try:
            self.rec.wait_for(lambda evs: not final_problems(self.world, lifecycles(evs)[0],
                                                             started_only=started_only),
                              what="a handler for every connection")
        except TimeoutError:
            pass  # the check after server_close() names what is missing

    def _check_clean_end(self) -> None:
        self._check_lifecycles(at_end=True)
        # Rule: server_close() leaves no handler thread or child process behind.
        threads = [t.name for t in set(threading.enumerate()) - self.threads_before if t.is_alive()]
        children: List[int] = []
        if self.before is not None:
            children = sorted(Snapshot.take().children - self.before.children)
        # The clauses that promise this cleanup judge it, under the contracts that hold it.
        if threads:
            violated(ClauseViolation("THREAD-6", f"after shutdown() and server_close() returned, "
                                                 f"handler threads {threads} were still running"))
        if children:
            violated(ClauseViolation("FORK-9", f"after shutdown() and server_close() returned, "
                                               f"child processes {children} were still there"))


def machine_for(impl: Any, flavour: str) -> type:
    """A ServerModel subclass bound to ``impl`` and a flavour, named for readable failure output."""
    name = {"sync": "SyncServerModel", "threading": "ThreadingServerModel",
            "forking": "ForkingServerModel"}[flavour]
    # A reset cannot be forced on a socket that forked children also hold.
    ways = [HALF_CLOSED, CLOSED] + ([] if flavour == "forking" else [RESET])
    end = rule(target=ServerModel.draining, client=consumes(ServerModel.talking),
               how=st.sampled_from(ways))(ServerModel.end)
    return type(name, (ServerModel,), {"impl": impl, "flavour": flavour, "end": end,
                                       "__module__": __name__})
