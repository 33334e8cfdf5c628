"""Clients for the four transports: paced sends, reads with deadlines, half-close, reset.

Every read takes a deadline (``bounds.soon`` by default) and raises ``ClientTimeout`` carrying
what had arrived, so a silent server becomes a failure with evidence, never a hang.
Pauses between segments are part of the scenario (a slow client), not synchronisation.
"""
from __future__ import annotations

import socket
import struct
import time
from typing import Any, Callable, Iterable, Optional, Sequence, Tuple, TypeVar

from socketserver_conformance.harness._bounds import bounds
from socketserver_conformance.harness._violations import HarnessTimeout


class ClientTimeout(HarnessTimeout):
    def __init__(self, message: str, received: bytes = b"") -> None:
        super().__init__(message)
        self.received = received


_C = TypeVar("_C", bound="_Client")


class _Client:
    """What both clients share: one socket, closed when the client is (or when setting it up fails)."""

    def __init__(self, family: int, kind: int, set_up: Callable[[socket.socket], None]) -> None:
        self.sock = socket.socket(family, kind)
        try:
            set_up(self.sock)
        except BaseException:
            self.sock.close()
            raise

    def __enter__(self: _C) -> _C:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.sock.close()


class StreamClient(_Client):
    """A connected TCP or Unix stream client."""

    def __init__(self, family: int, address: Any, *, nodelay: bool = True,
                 connect_timeout: Optional[float] = None) -> None:
        connect_timeout = bounds.or_soon(connect_timeout)
        def connect(sock: socket.socket) -> None:
            sock.settimeout(connect_timeout)
            if nodelay and family in (socket.AF_INET, socket.AF_INET6):
                # Segments should leave as the scenario paces them, not coalesced by Nagle.
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.connect(address)

        super().__init__(family, socket.SOCK_STREAM, connect)

    # -- sending ---------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        self.sock.settimeout(bounds.soon)
        self.sock.sendall(data)

    def send_segments(self, segments: Iterable[bytes], pauses: Optional[Sequence[float]] = None) -> None:
        """Send each segment with its own sendall, pausing ``pauses[i]`` seconds after segment i."""
        for i, segment in enumerate(segments):
            self.send(segment)
            if pauses and i < len(pauses) and pauses[i] > 0:
                time.sleep(pauses[i])  # the scenario's pacing: a slow client, not a lock

    def half_close(self) -> None:
        """Shut down the sending direction: the server reads EOF, the client can still read."""
        self.sock.shutdown(socket.SHUT_WR)

    def reset(self) -> None:
        """Abort the connection: close with SO_LINGER 0 so the peer gets RST (TCP)."""
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close()

    # -- receiving -------------------------------------------------------------------------
    def _recv(self, deadline: float, bufsize: int = 65536) -> bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise socket.timeout()
        self.sock.settimeout(remaining)
        return self.sock.recv(bufsize)

    def recv_exactly(self, n: int, timeout: Optional[float] = None) -> bytes:
        timeout = bounds.or_soon(timeout)
        deadline = time.monotonic() + timeout
        data = b""
        while len(data) < n:
            try:
                chunk = self._recv(deadline, min(65536, n - len(data)))
            except socket.timeout:
                raise ClientTimeout(f"wanted {n} bytes within {timeout} s, got {len(data)}", data) from None
            if not chunk:
                raise ClientTimeout(f"wanted {n} bytes, got EOF after {len(data)}", data)
            data += chunk
        return data

    def recv_line(self, timeout: Optional[float] = None, *, max_size: int = 1 << 22) -> bytes:
        """Bytes up to and including the next b'\\n' (or up to EOF)."""
        timeout = bounds.or_soon(timeout)
        deadline = time.monotonic() + timeout
        data = b""
        while not data.endswith(b"\n") and len(data) < max_size:
            try:
                chunk = self._recv(deadline, 1)
            except socket.timeout:
                raise ClientTimeout(f"no complete line within {timeout} s", data) from None
            if not chunk:
                break
            data += chunk
        return data

    def recv_until_eof(self, timeout: Optional[float] = None, *, max_size: int = 1 << 24) -> bytes:
        timeout = bounds.or_soon(timeout)
        deadline = time.monotonic() + timeout
        data = b""
        while len(data) <= max_size:
            try:
                chunk = self._recv(deadline)
            except socket.timeout:
                raise ClientTimeout(f"no EOF within {timeout} s", data) from None
            except ConnectionResetError:
                break
            if not chunk:
                return data
            data += chunk
        return data

    def recv_some(self, timeout: Optional[float] = None) -> bytes:
        """Whatever arrives first (b'' at EOF)."""
        timeout = bounds.or_soon(timeout)
        try:
            return self._recv(time.monotonic() + timeout)
        except socket.timeout:
            raise ClientTimeout(f"nothing arrived within {timeout} s") from None

    def at_eof(self, timeout: Optional[float] = None) -> bool:
        """True when the server closed its side (or reset) before ``timeout``; data counts as not EOF."""
        timeout = bounds.or_soon(timeout)
        try:
            return self._recv(time.monotonic() + timeout, 1) == b""
        except socket.timeout:
            return False
        except ConnectionResetError:
            return True


class DatagramClient(_Client):
    """A UDP or Unix datagram client; Unix clients bind a path so replies can come back."""

    def __init__(self, family: int, server_address: Any, *, bind_to: Any = None) -> None:
        self.server_address = server_address

        def bind(sock: socket.socket) -> None:
            if bind_to is not None:
                sock.bind(bind_to)
            elif family == socket.AF_INET:
                sock.bind(("127.0.0.1", 0))
            elif family == socket.AF_INET6:
                sock.bind(("::1", 0))

        super().__init__(family, socket.SOCK_DGRAM, bind)

    @property
    def address(self) -> Any:
        return self.sock.getsockname()

    def send(self, data: bytes) -> None:
        self.sock.sendto(data, self.server_address)

    def recv(self, timeout: Optional[float] = None, bufsize: int = 1 << 17) -> Tuple[bytes, Any]:
        timeout = bounds.or_soon(timeout)
        self.sock.settimeout(timeout)
        try:
            return self.sock.recvfrom(bufsize)
        except socket.timeout:
            raise ClientTimeout(f"no datagram within {timeout} s") from None
