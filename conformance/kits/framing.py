"""Helpers for the framing tests: handler bodies, waits that are verdicts, client reads, byte models."""
from __future__ import annotations

import io
import socket
import time
from typing import Any, Callable, List, Optional, Sequence, Tuple

from socketserver_conformance.harness import bounds, ClauseViolation, ClientTimeout, HarnessTimeout, Recorder
from socketserver_conformance.harness.strategies import chunkings, pause_schedules


def wait_or_violate(rec: Recorder, name: str, count: int, clause: str, what: str,
                    timeout: Optional[float] = None) -> None:
    """Wait for ``count`` x ``name``; when they never come, that is a verdict on ``clause``."""
    timeout = bounds.or_soon(timeout)
    try:
        rec.wait_count(name, count, timeout=timeout)
    except HarnessTimeout:
        seen = [e.name for e in rec.events][-12:]
        raise ClauseViolation(clause, f"{what}: only {len(rec.named(name))} x {name!r} within "
                                      f"{timeout} s; last events {seen}") from None


def calls_ended(rec: Recorder, hook: str, count: int, clause: str, what: str) -> None:
    """Wait until ``count`` calls of the handler's ``hook`` have ended (returned or raised); for
    a datagram's finish(), that means its reply has been sent.  A verdict on ``clause`` if not."""
    ended = (f"{hook}:exit", f"{hook}:raise")
    try:
        rec.wait_for(lambda evs: sum(e.name in ended for e in evs) >= count,
                     what=f"{count} {hook}() calls ending")
    except HarnessTimeout as exc:
        raise ClauseViolation(clause, f"{what}: {exc}") from None


def read_slowly(sock: socket.socket, pauses: Sequence[float], chunk: int,
                timeout: Optional[float] = None) -> bytes:
    """Read to EOF in ``chunk``-byte recvs, pausing ``pauses[i]`` after recv i (a slow client)."""
    timeout = bounds.or_soon(timeout)
    deadline = time.monotonic() + timeout
    received = bytearray()
    for i in range(1 << 30):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ClientTimeout(f"no EOF within {timeout} s", bytes(received))
        sock.settimeout(remaining)
        try:
            piece = sock.recv(chunk)
        except socket.timeout:
            raise ClientTimeout(f"no EOF within {timeout} s", bytes(received)) from None
        except ConnectionResetError:
            break
        if not piece:
            break
        received += piece
        if i < len(pauses) and pauses[i] > 0:
            time.sleep(pauses[i])  # the scenario's slowness, not synchronisation
    return bytes(received)


def readline_model(data: bytes, limits: Sequence[int]) -> Tuple[List[bytes], bytes]:
    """What successive readline(limit) calls return on ``data``, and what is left after them."""
    pos, out = 0, []
    for limit in limits:
        window = data[pos:pos + limit]
        cut = window.find(b"\n")
        piece = window if cut < 0 else window[:cut + 1]
        out.append(piece)
        pos += len(piece)
    return out, data[pos:]


def read_model(data: bytes, sizes: Sequence[int]) -> Tuple[List[bytes], bytes]:
    """What successive read(n) calls on a buffered reader return on ``data``, and the rest."""
    pos, out = 0, []
    for n in sizes:
        out.append(data[pos:pos + n])
        pos += len(out[-1])
    return out, data[pos:]


def as_bytes_like(piece: bytes, kind: str) -> Any:
    """``piece`` as the requested kind of bytes-like object (same bytes, different type)."""
    if kind == "bytearray":
        return bytearray(piece)
    if kind == "memoryview":
        return memoryview(piece)
    if kind == "memoryview-u16":  # items of two bytes: len() differs from nbytes
        return memoryview(piece).cast("H")
    return bytes(piece)


def unique_lines(payloads: Sequence[bytes], tag: bytes) -> List[bytes]:
    """Newline-terminated lines that name ``tag`` and their index, so echoes can be told apart."""
    return [tag + b"%d:" % i + p.replace(b"\n", b"") + b"\n" for i, p in enumerate(payloads)]


def segments_and_pauses(data: Any, blob: bytes, *, byte_at_a_time: bool = False,
                        paced: bool = True) -> Tuple[List[bytes], List[float]]:
    """How the client cuts ``blob`` and (when ``paced``: the clause is about timing) pauses."""
    segments = ([blob[i:i + 1] for i in range(len(blob))] if byte_at_a_time
                else data.draw(chunkings(blob), label="segments"))
    if not paced:
        return segments, []
    pauses = data.draw(pause_schedules(max_size=max(0, len(segments) - 1)), label="pauses")
    return segments, pauses


def echo_lines(h: Any) -> None:
    """A handler body that writes back every line it reads, until EOF."""
    for line in iter(h.rfile.readline, b""):
        h.wfile.write(line)


def diff_at(a: bytes, b: bytes) -> str:
    """Where two byte strings first differ, with a few bytes of each from there."""
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"offset {i}: {a[i:i + 8]!r} vs {b[i:i + 8]!r}"


#: SO_SNDBUF for request sockets whose writes must outrun a slow reader (the kernel doubles it).
SMALL_SEND_BUFFER = 32768


def small_send_buffer(h: Any) -> None:
    """A handler setup hook shrinking the request socket's send buffer: loopback TCP otherwise
    autotunes it to megabytes, so a write would rarely have to wait for the client at all."""
    h.request.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SMALL_SEND_BUFFER)


def client_read(read: Callable[[], Any], clause: str, what: str) -> Any:
    """``read()``, one of a client's bounded reads; when it times out, that is a verdict on
    ``clause``: ``what`` did not arrive (the message shows what had)."""
    try:
        return read()
    except ClientTimeout as exc:
        got = f"{len(exc.received)} bytes" if len(exc.received) > 64 else repr(exc.received)
        raise ClauseViolation(clause, f"{what} did not arrive within {bounds.soon:g} s; the client got {got}") from None


def write_text(wfile: Any, texts: Sequence[str]) -> Optional[str]:
    """Write ``texts`` through an io.TextIOWrapper over ``wfile``, then detach it so ``wfile``
    stays open for finish(); the error that stopped it, if any, as text."""
    try:
        text = io.TextIOWrapper(wfile, encoding="utf-8", newline="", write_through=True)
        try:
            for piece in texts:
                text.write(piece)
        finally:
            text.detach()
    except Exception as exc:  # the client's bytes are the verdict; this says why they differ
        return f"{type(exc).__name__}: {exc}"
    return None


def writes(pieces: Sequence[bytes], *, close: bool = False) -> Callable[[Any], None]:
    """A handler body with one wfile.write() per piece and no flush(); with ``close`` it then
    closes wfile itself."""
    def handle(h: Any) -> None:
        for piece in pieces:
            h.wfile.write(piece)
        if close:
            h.wfile.close()
    return handle
