"""The model behind test_model.py: what each client must receive, and what each handler must do.

Pure bookkeeping, no I/O.  The server under test runs a handler that answers every line
it reads with ``b"<n>:" + line`` (n counts from 1 per connection), and answers a
trailing partial line the same way when the client stops sending.  ``World`` tracks each
client's bytes and phase; ``lifecycles`` groups the recorder's hook events per handler;
``lifecycle_problems`` compares the two and names the rule that broke.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

from socketserver_conformance.harness._events import Event

TALKING, HALF_CLOSED, CLOSED, RESET = "talking", "half-closed", "closed", "reset"

#: The hook events of one request, in order; a set means "one of these".
LIFECYCLE = ("init", "setup:enter", "setup:exit", "handle:enter", {"handle:exit", "handle:raise"},
             "finish:enter", {"finish:exit", "finish:raise"})
_HOOK_EVENTS = {"init", "setup:enter", "setup:exit", "setup:raise", "handle:enter", "handle:exit",
                "handle:raise", "finish:enter", "finish:exit", "finish:raise"}


def answer_numbered_lines(handler) -> None:
    """The handler body the model predicts: one numbered reply per line, until EOF."""
    for number, line in enumerate(iter(handler.rfile.readline, b""), 1):
        handler.wfile.write(b"%d:%s" % (number, line))


def replies_to(sent: bytes, *, at_eof: bool) -> bytes:
    """What the handler writes for ``sent``; the partial last line is answered only at EOF."""
    *complete, partial = sent.split(b"\n")
    lines = [line + b"\n" for line in complete]
    if at_eof and partial:
        lines.append(partial)
    return b"".join(b"%d:%s" % (n, line) for n, line in enumerate(lines, 1))


@dataclass
class Conn:
    """One client connection as the model sees it (``number`` counts connects from 1)."""

    number: int
    port: int
    sent: bytearray = field(default_factory=bytearray)
    received: bytearray = field(default_factory=bytearray)
    phase: str = TALKING
    drained: bool = False   # read up to the server's EOF

    @property
    def ended(self) -> bool:
        """The client stopped sending (half-close, close or reset): the handler may finish."""
        return self.phase != TALKING

    def expected(self) -> bytes:
        return replies_to(bytes(self.sent), at_eof=self.ended)

    def describe(self) -> str:
        # Hypothesis names the n-th connected client talking_<n-1> in a failing program.
        return f"client #{self.number} (talking_{self.number - 1}; {self.phase}, sent {bytes(self.sent)!r})"


class World:
    """Every client of one server run, in arrival (connect) order."""

    def __init__(self, serialised: bool) -> None:
        self.serialised = serialised  # a synchronous server: one connection at a time
        self.conns: List[Conn] = []

    def connect(self, port: int) -> Conn:
        conn = Conn(len(self.conns) + 1, port)
        self.conns.append(conn)
        return conn

    def by_port(self, port: Optional[int]) -> Optional[Conn]:
        return next((c for c in self.conns if c.port == port), None)

    def live(self) -> List[Conn]:
        """Clients whose socket the test still holds open."""
        return [c for c in self.conns if c.phase in (TALKING, HALF_CLOSED) and not c.drained]

    def served(self, conn: Conn) -> bool:
        """May the server be handling ``conn`` now?  Always, unless serialised behind an open one."""
        if not self.serialised:
            return True
        return all(c.ended for c in self.conns[: conn.number - 1])

    def blocker(self, conn: Conn) -> Optional[Conn]:
        """The earliest client still talking ahead of ``conn`` (serialised servers only)."""
        return next((c for c in self.conns[: conn.number - 1] if not c.ended), None)

    def due(self, conn: Conn) -> bytes:
        """Reply bytes ``conn`` must receive from now on, without sending anything more."""
        if not self.served(conn):
            return b""
        return conn.expected()[len(conn.received):]


@dataclass
class Lifecycle:
    """The hook events of one handler instance, in recorded order."""

    names: List[str]
    pid: int
    client_address: str
    port: Optional[int]

    @property
    def complete(self) -> bool:
        return len(self.names) == len(LIFECYCLE) and fits(self.names)

    @property
    def handle_ended(self) -> bool:
        return any(n in ("handle:exit", "handle:raise") for n in self.names)


def fits(names: List[str]) -> bool:
    """Are ``names`` a prefix of the lifecycle init, setup, handle, finish?"""
    if len(names) > len(LIFECYCLE):
        return False
    for name, allowed in zip(names, LIFECYCLE):
        if name not in (allowed if isinstance(allowed, set) else {allowed}):
            return False
    return True


def _port(client_address: str) -> Optional[int]:
    try:
        address = ast.literal_eval(client_address)
        return int(address[1])
    except (ValueError, SyntaxError, TypeError, IndexError):
        return None


def lifecycles(events: Iterable[Event]) -> Tuple[List[Lifecycle], List[str]]:
    """Group hook events per handler; also the problems seen while grouping.

    A handler is known by (pid, id(handler)); ids are reused once a handler is freed, so an
    ``init`` starts a new lifecycle for its key, and the one it replaces must be complete.
    """
    found: List[Lifecycle] = []
    current: Dict[Tuple[int, Optional[int]], Lifecycle] = {}
    problems: List[str] = []
    for event in events:
        if event.name not in _HOOK_EVENTS:
            continue
        key = (event.pid, event.handler)
        if event.name == "init":
            previous = current.get(key)
            if previous is not None and not previous.complete:
                problems.append(f"the handler for {previous.client_address} was replaced by a new one "
                                f"after only {previous.names}")
            address = str(event.data.get("client_address", ""))
            current[key] = Lifecycle([event.name], event.pid, address, _port(address))
            found.append(current[key])
        elif key in current:
            current[key].names.append(event.name)
        else:
            problems.append(f"hook event {event.name!r} from a handler that never recorded init")
    return found, problems


def lifecycle_problems(world: World, cycles: List[Lifecycle]) -> List[str]:
    """What the recorded lifecycles show that the model forbids (a monotone check: events only add)."""
    problems: List[str] = []
    seen: Dict[int, Lifecycle] = {}
    for cycle in cycles:
        conn = world.by_port(cycle.port)
        if conn is None:
            problems.append(f"a handler served {cycle.client_address}, which is none of the clients "
                            f"{[c.port for c in world.conns]}")
            continue
        if not fits(cycle.names):
            problems.append(f"the handler of {conn.describe()} recorded {cycle.names}")
        if conn.number in seen:
            problems.append(f"{conn.describe()} got a second handler: {seen[conn.number].names} "
                            f"then {cycle.names}")
        seen[conn.number] = cycle
        if cycle.handle_ended and not conn.ended:
            problems.append(f"handle() ended ({cycle.names[-1]}) for {conn.describe()}, which had "
                            "not stopped sending")
    return problems


def order_problems(world: World, cycles: List[Lifecycle]) -> List[str]:
    """Serialised servers: a handler starts only when all earlier connections ended, in order."""
    problems: List[str] = []
    numbers = []
    for cycle in cycles:
        conn = world.by_port(cycle.port)
        if conn is None:
            continue
        numbers.append(conn.number)
        blocker = world.blocker(conn)
        if blocker is not None:
            problems.append(f"a handler started for {conn.describe()} while the earlier "
                            f"{blocker.describe()} was still connected")
    if numbers != sorted(numbers):
        problems.append(f"connections were handled in the order {numbers}, not the order they connected")
    return problems


def final_problems(world: World, cycles: List[Lifecycle], *, started_only: bool = False) -> List[str]:
    """Once every client ended and the server stopped: one complete lifecycle per connection
    (with ``started_only``: just a handler for every connection that must get one)."""
    problems: List[str] = []
    for conn in world.conns:
        mine = [c for c in cycles if c.port == conn.port]
        if not mine and conn.phase != RESET:  # a reset before accept() may never reach a handler
            problems.append(f"{conn.describe()} never got a handler")
        if not started_only:
            problems.extend(f"the handler of {conn.describe()} stopped after {c.names}"
                            for c in mine if not c.complete)
    return problems
