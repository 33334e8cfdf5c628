"""Scenario kit of the 'clients' area: a correct line-echo service and its bookkeeping.

The service is what the seed notes' handlers meant to be (one readline per loop turn, not
two): every line a client sends comes back to it verbatim.  The first line of a
connection may name the client (``tag:<name>``), so tests can tell requests apart from
events alone, across threads and forked children (where handler ids are not unique).
A line ``bulk <n>`` asks for an n-byte reply instead of an echo: a client that does not
read it keeps its handler inside a write.
"""
from __future__ import annotations

import socket
import struct
from typing import Any, Collection, Dict, List, Optional, Sequence

from hypothesis import strategies as st

from socketserver_conformance.harness._clients import StreamClient
from socketserver_conformance.harness._events import Event, Recorder
from socketserver_conformance.harness._instrument import recording_handler
from socketserver_conformance.harness._servers import RunningServer
from socketserver_conformance.harness._bounds import bounds
from socketserver_conformance.harness._violations import ClauseViolation, HarnessTimeout
from socketserver_conformance.harness.strategies import lines

TAG = b"tag:"
BULK = b"bulk "
_CHUNK = 1 << 16

HELLO, BULK_STARTED, BYE, ERROR = "client:hello", "client:bulk", "client:bye", "client:error"


def tag_line(tag: str) -> bytes:
    return TAG + tag.encode("ascii") + b"\n"


def bulk_line(size: int) -> bytes:
    return BULK + str(size).encode("ascii") + b"\n"


def _bulk_chunk(tag: str) -> bytes:
    """About 64 KiB of the tag's repeating unit, cut at a unit boundary."""
    unit = tag.encode("ascii") + b"."
    return unit * max(1, _CHUNK // len(unit))


def bulk_reply(tag: str, size: int) -> bytes:
    """The reply a ``bulk <size>`` line gets: the client's tag and a dot, repeated, cut to ``size``."""
    chunk = _bulk_chunk(tag)
    return (chunk * (size // len(chunk) + 1))[:size]


def _write_bulk(wfile: Any, tag: str, size: int) -> None:
    chunk = _bulk_chunk(tag)
    whole, rest = divmod(size, len(chunk))
    for _ in range(whole):  # chunk by chunk: a reset must interrupt a write in progress
        wfile.write(chunk)
    if rest:
        wfile.write(chunk[:rest])


def echo_service(base: type, rec: Recorder, *, hold: Collection[str] = ()) -> type:
    """A recording StreamRequestHandler subclass that echoes lines until EOF.

    It records ``client:hello`` (tag) after the tag line, ``client:bulk`` before a bulk reply,
    ``client:bye`` when handle() returns and ``client:error`` when it raises.  Handlers whose
    tag is in ``hold`` wait on the gate ``hold:<tag>`` after the hello (threads only).
    """

    def handle(h: Any) -> None:
        tag = ""
        first = True
        try:
            for line in iter(h.rfile.readline, b""):
                if first and line.startswith(TAG) and line.endswith(b"\n"):
                    tag = line[len(TAG):-1].decode("ascii", "replace")
                    rec.record(HELLO, handler=h, tag=tag)
                    if tag in hold:
                        rec.gate("hold:" + tag).wait()
                first = False
                if line.startswith(BULK) and line.endswith(b"\n"):
                    size = int(line[len(BULK):-1])
                    rec.record(BULK_STARTED, handler=h, tag=tag, size=size)
                    _write_bulk(h.wfile, tag, size)
                    continue
                h.wfile.write(line)
        except BaseException as exc:
            rec.record(ERROR, handler=h, tag=tag, exc=type(exc).__name__)
            raise
        rec.record(BYE, handler=h, tag=tag)

    return recording_handler(base, rec, handle=handle, name="LineEchoHandler")


def client_lines(*, max_size: int = 4, max_line: int = 48) -> st.SearchStrategy[List[bytes]]:
    """Lines a client sends after its tag line (none of them reads as a command)."""
    def defuse(line: bytes) -> bytes:
        return b"." + line if line.startswith((TAG, BULK)) else line
    return st.lists(lines(max_size=max_line).map(defuse), max_size=max_size)


def plain_lines(*, max_size: int = 3, max_line: int = 24) -> st.SearchStrategy[List[bytes]]:
    """Cheap printable lines, for scenarios where the count of clients, not the bytes, matters."""
    line = st.text(alphabet="abcxyz019 \t\r", max_size=max_line).map(lambda t: t.encode("ascii") + b"\n")
    return st.lists(line, max_size=max_size)


def partial_lines(*, min_size: int = 1, max_size: int = 24) -> st.SearchStrategy[bytes]:
    """An unfinished line: bytes without b'\\n' that a slow client has only begun to send."""
    return lines(min_size=min_size, max_size=max_size, terminated=False).map(
        lambda b: b"." + b if b.startswith((TAG, BULK)) else b)


# -- reading the record ----------------------------------------------------------------------
def tagged(rec: Recorder, name: str, tag: Optional[str] = None) -> List[Event]:
    return [e for e in rec.events if e.name == name and (tag is None or e.data.get("tag") == tag)]


def hello_order(events: Sequence[Event]) -> List[str]:
    return [e.data["tag"] for e in events if e.name == HELLO]


def handler_span(events: Sequence[Event], tag: str) -> Optional[Dict[str, int]]:
    """Sequence numbers of handle:enter and handle:exit/raise around the hello of ``tag``.

    Matched by handler id *and* position, so an id reused by a later handler is harmless.
    """
    hello = next((e for e in events if e.name == HELLO and e.data.get("tag") == tag), None)
    if hello is None:
        return None
    enter = [e.seq for e in events if e.name == "handle:enter" and e.handler == hello.handler
             and e.seq < hello.seq]
    leave = [e.seq for e in events if e.name in ("handle:exit", "handle:raise")
             and e.handler == hello.handler and e.seq > hello.seq]
    if not enter or not leave:
        return None
    return {"enter": enter[-1], "exit": leave[0]}


def wait_or_loop_end(rec: Recorder, srv: RunningServer, predicate: Any, *, what: str,
                     timeout: Optional[float] = None) -> bool:
    """Wait until ``predicate(events)`` holds (True) or serve_forever() has ended (False).

    The recorder wakes us on every event; the loop's end makes none, so it is checked at
    each wake-up and at least every 50 ms.  HarnessTimeout when neither happens in time.
    """
    timeout = bounds.or_soon(timeout)
    slices = max(1, int(timeout / 0.05))
    for _ in range(slices):
        if srv.loop_returned.is_set():
            return False
        try:
            rec.wait_for(predicate, timeout=0.05, what=what)
            return True
        except HarnessTimeout:
            continue
    raise HarnessTimeout(f"waited {timeout} s for {what}; last events: {rec.names()[-20:]}")


def require_reply(client: StreamClient, expected: bytes, clause: str, who: str,
                  *, timeout: Optional[float] = None) -> bytes:
    """Read until EOF; a ClauseViolation on ``clause`` naming ``who`` if it is late or wrong."""
    timeout = bounds.or_soon(timeout)
    try:
        got = client.recv_until_eof(timeout)
    except HarnessTimeout as exc:
        received = getattr(exc, "received", b"")
        raise ClauseViolation(clause, f"{who} had no complete reply within {timeout} s "
                                      f"(received {_short(received)} of {len(expected)} bytes expected)")
    if got != expected:
        raise ClauseViolation(clause, f"{who} got {_short(got)} but sent/asked for {_short(expected)}")
    return got


def _short(data: bytes, limit: int = 120) -> str:
    if len(data) <= limit:
        return repr(data)
    return f"{data[:limit]!r}... ({len(data)} bytes)"


# -- clients that queue in the kernel ---------------------------------------------------------
def queued_stream_client(family: int, address: Any, *, connect_timeout: Optional[float] = None) -> StreamClient:
    """A StreamClient whose connect() blocks (bounded by SO_SNDTIMEO) while the listen queue is full.

    StreamClient connects with a Python timeout, i.e. a non-blocking connect, which a Unix
    stream socket refuses at once with EAGAIN when the queue is full; a real blocking client
    waits instead, and that is the behaviour a burst of clients needs.
    """
    connect_timeout = bounds.or_soon(connect_timeout)
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        try:
            seconds = int(connect_timeout)
            micros = int((connect_timeout - seconds) * 1e6)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack("ll", seconds, micros))
        except (OSError, struct.error):
            sock.settimeout(connect_timeout)  # no SO_SNDTIMEO here: a bounded, non-blocking connect
        sock.connect(address)
    except BaseException:
        sock.close()
        raise
    client = StreamClient.__new__(StreamClient)  # reuse its reads and sends on our socket
    client.sock = sock
    return client
