"""The transports a server can use, and where the suite binds them (loopback/private dirs only)."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import threading
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Sequence, Set, Tuple

import pytest
from hypothesis import strategies as st

_live_dirs: Set[str] = set()
_live_lock = threading.Lock()


@contextlib.contextmanager
def private_dir() -> Iterator[str]:
    """A fresh 0700 directory for Unix socket files, removed with everything in it afterwards."""
    path = tempfile.mkdtemp(prefix="ssc-")  # short: AF_UNIX paths are limited to ~107 bytes
    with _live_lock:
        _live_dirs.add(path)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        with _live_lock:
            _live_dirs.discard(path)


def live_private_dirs() -> List[str]:
    with _live_lock:
        return sorted(d for d in _live_dirs if os.path.exists(d))


@dataclass(frozen=True)
class Transport:
    name: str
    family: int
    kind: str                 # "stream" or "datagram"
    server_class: str         # synchronous server class in the implementation
    threading_class: str
    forking_class: str
    handler_base: str
    needs: Tuple[str, ...] = ()

    @property
    def is_stream(self) -> bool:
        return self.kind == "stream"

    def class_name(self, flavour: str) -> str:
        return {"sync": self.server_class, "threading": self.threading_class,
                "forking": self.forking_class}[flavour]

    def bind_address(self, directory: Optional[str]) -> Any:
        """Where a server of this transport binds: port 0 on loopback, or a private path."""
        if self.family == socket.AF_INET:
            return ("127.0.0.1", 0)
        if self.family == socket.AF_INET6:
            return ("::1", 0)
        assert directory is not None, "Unix transports need a private directory"
        return os.path.join(directory, "server.sock")

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<transport {self.name}>"


_AF_UNIX = getattr(socket, "AF_UNIX", -1)

TCP = Transport("tcp", socket.AF_INET, "stream", "TCPServer", "ThreadingTCPServer",
                "ForkingTCPServer", "StreamRequestHandler")
TCP6 = Transport("tcp6", socket.AF_INET6, "stream", "TCPServer", "ThreadingTCPServer",
                 "ForkingTCPServer", "StreamRequestHandler", ("ipv6",))
UDP = Transport("udp", socket.AF_INET, "datagram", "UDPServer", "ThreadingUDPServer",
                "ForkingUDPServer", "DatagramRequestHandler")
UDP6 = Transport("udp6", socket.AF_INET6, "datagram", "UDPServer", "ThreadingUDPServer",
                 "ForkingUDPServer", "DatagramRequestHandler", ("ipv6",))
UNIX_STREAM = Transport("unix-stream", _AF_UNIX, "stream", "UnixStreamServer",
                        "ThreadingUnixStreamServer", "ForkingUnixStreamServer",
                        "StreamRequestHandler", ("unix",))
UNIX_DGRAM = Transport("unix-dgram", _AF_UNIX, "datagram", "UnixDatagramServer",
                       "ThreadingUnixDatagramServer", "ForkingUnixDatagramServer",
                       "DatagramRequestHandler", ("unix",))

TRANSPORTS: Tuple[Transport, ...] = (TCP, TCP6, UDP, UDP6, UNIX_STREAM, UNIX_DGRAM)
STREAM_TRANSPORTS = tuple(t for t in TRANSPORTS if t.is_stream)
DATAGRAM_TRANSPORTS = tuple(t for t in TRANSPORTS if not t.is_stream)


def transport_params(transports: Sequence[Transport] = TRANSPORTS) -> List[Any]:
    """``pytest.param`` per transport with a readable id, for ``@pytest.mark.parametrize``."""
    return [pytest.param(t, id=t.name) for t in transports]


def usable_transports(impl: Any, transports: Sequence[Transport] = TRANSPORTS,
                      flavour: str = "sync") -> List[Transport]:
    """The ``transports`` the implementation can serve here: the platform has what each needs,
    and the module has its synchronous server class and, for ``flavour``, that class too."""
    return [t for t in transports if set(t.needs) <= set(impl.capabilities)
            and all(hasattr(impl.api, t.class_name(f)) for f in {"sync", flavour})]


def draw_transport(data: Any, impl: Any, transports: Sequence[Transport] = TRANSPORTS,
                   flavour: str = "sync") -> Transport:
    """One of the ``usable_transports``, drawn from ``data`` (cheap tests draw the transport
    instead of multiplying test items); a skip when the implementation can serve none."""
    choices = usable_transports(impl, transports, flavour)
    if not choices:
        pytest.skip(f"{impl.name} can serve none of {[t.name for t in transports]} here")
    return data.draw(st.sampled_from(choices), label="transport")
