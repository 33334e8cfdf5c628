"""Helpers for the binding tests: servers built by hand, occupied addresses, descriptor counts.

``start_server`` always binds in the constructor at a fresh address; the binding clauses
need more control (``bind_and_activate=False``, a taken address, abstract Unix names), so
these helpers build the server themselves and still guarantee the same teardown.
"""
from __future__ import annotations

import contextlib
import os
import socket
import uuid
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional

from socketserver_conformance.harness import Recorder, RunningServer, Transport, private_dir, recording_handler_for


def socket_descriptors() -> Dict[int, str]:
    """This process's open socket descriptors, fd -> 'socket:[inode]' (Linux /proc)."""
    found: Dict[int, str] = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue  # the listing's own descriptor, closed meanwhile
        if target.startswith("socket:"):
            found[int(name)] = target
    return found


def abstract_name(tag: str) -> bytes:
    """A Linux abstract-namespace Unix name unique to this call (no file, no clean-up needed)."""
    return b"\0ssc-" + tag.encode() + b"-" + uuid.uuid4().hex.encode()


@dataclass(frozen=True)
class AbstractUnixTransport(Transport):
    """A Unix transport whose server binds an abstract name (given as str or bytes)."""

    name_as_str: bool = False

    def bind_address(self, directory: Optional[str]) -> Any:
        name = abstract_name(self.kind)
        return name.decode() if self.name_as_str else name


@contextlib.contextmanager
def closing_server(server: Any) -> Iterator[Any]:
    """Yield ``server``; call its server_close() however the block ends."""
    try:
        yield server
    finally:
        server.server_close()


@contextlib.contextmanager
def serving(server: Any, transport: Transport, *, recorder: Optional[Recorder] = None,
            directory: Optional[str] = None) -> Iterator[RunningServer]:
    """Serve an already constructed (and activated) server in the background, as start_server does."""
    running = RunningServer(server, transport, recorder, directory)
    try:
        running.serve()
        yield running
    finally:
        running.close_clients()
        if recorder is not None:
            recorder.open_all_gates()
        try:
            running.stop()
        finally:
            running.close()
            if recorder is not None:
                recorder.close()


@contextlib.contextmanager
def occupied_address(transport: Transport) -> Iterator[Any]:
    """An address of ``transport``'s family that another socket of ours holds meanwhile."""
    with contextlib.ExitStack() as stack:
        kind = socket.SOCK_STREAM if transport.is_stream else socket.SOCK_DGRAM
        holder = stack.enter_context(socket.socket(transport.family, kind))
        if transport.needs.count("unix"):
            address: Any = os.path.join(stack.enter_context(private_dir()), "taken.sock")
        else:
            address = transport.bind_address(None)
        holder.bind(address)
        if transport.is_stream:
            holder.listen(1)  # a listening socket refuses the port even to SO_REUSEADDR binders
        yield holder.getsockname()


class ListenSpy:
    """Stands in for a server's socket and records the backlog passed to listen()."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.backlogs: List[Any] = []

    def listen(self, *args: Any) -> None:
        self.backlogs.append(args[0] if args else None)
        self._sock.listen(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def echo_handler(impl: Any, transport: Transport, recorder: Recorder,
                 addresses: Optional[List[Any]] = None) -> type:
    """A recording handler that sends back one line (stream) or the datagram (datagram);
    it appends each request's client_address to ``addresses`` when given."""

    def handle(handler: Any) -> None:
        if addresses is not None:
            addresses.append(handler.client_address)
        if transport.is_stream:
            handler.wfile.write(handler.rfile.readline())
        else:
            handler.wfile.write(handler.rfile.read())

    return recording_handler_for(impl, transport, recorder, handle=handle, name="EchoHandler")
