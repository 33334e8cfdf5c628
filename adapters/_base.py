"""What the suite knows about one implementation of the socketserver contract."""
from __future__ import annotations

import functools
import os
import socket
import sys
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Mapping, Optional, Tuple

#: ``interruptible(fn)`` -> ``(run, interrupt)``: see ``Implementation.interruptible``.
Interruptible = Callable[[Callable[[], Any]], Tuple[Callable[[], Any], Callable[[], None]]]

from socketserver_conformance._deviations import load_deviations

#: The names a complete socketserver module exports (3.11 stdlib plus 3.12's Unix forking servers).
#: Missing names are not errors: clauses that need them are skipped with a reason.
API_NAMES: Tuple[str, ...] = (
    "BaseServer", "TCPServer", "UDPServer", "UnixStreamServer", "UnixDatagramServer",
    "ForkingMixIn", "ThreadingMixIn",
    "ForkingTCPServer", "ForkingUDPServer", "ThreadingTCPServer", "ThreadingUDPServer",
    "ThreadingUnixStreamServer", "ThreadingUnixDatagramServer",
    "ForkingUnixStreamServer", "ForkingUnixDatagramServer",
    "BaseRequestHandler", "StreamRequestHandler", "DatagramRequestHandler",
)


@functools.lru_cache(maxsize=None)
def platform_capabilities() -> FrozenSet[str]:
    """Capabilities this interpreter and OS offer (an adapter can only narrow them)."""
    caps = {"threads"}
    if hasattr(os, "fork"):
        caps.add("fork")
    if hasattr(socket, "AF_UNIX"):
        caps.add("unix")
        if sys.platform.startswith("linux"):
            caps.add("abstract-namespace")
    if hasattr(socket, "SO_REUSEPORT"):
        caps.add("reuse-port")
    if socket.has_ipv6:
        try:
            with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
                probe.bind(("::1", 0))
            caps.add("ipv6")
        except OSError:
            pass
    return frozenset(caps)


class CallInterrupted(BaseException):
    """Raised into a helper call that was told to end (``Implementation.interruptible``).

    A BaseException, so that the implementation's own ``except Exception`` cannot swallow it.
    """


@dataclass(frozen=True)
class Implementation:
    """An implementation under test: a module-like namespace with the socketserver API.

    ``deviations`` maps clause IDs the implementation knowingly breaks to the reason; the
    suite reports a failure on such a clause as a deviation (and a pass as a stale one).
    ``python`` is the Python version whose socketserver the implementation follows: clauses
    with a later ``since`` are skipped.
    ``prepare``, if given, is called with the pytest config once in every process that runs
    tests (the plugin's ``pytest_configure``, in each xdist worker too; never in an xdist
    controller) before any test runs: a runtime that patches the stdlib (gevent, eventlet) patches there, and creates
    what it would otherwise create lazily (a hub, a thread pool, a child watcher's descriptor),
    so that the leak checks count it as the process's own. It must be idempotent.
    ``interruptible``, if given, says how a call of the harness's helper threads that waits
    on the implementation's own primitives, where no other thread can wake it, is ended
    (eventlet.green's shutdown() called from another OS thread waits on a green Event that the
    serving thread's set() never wakes).  ``interruptible(fn)`` returns ``(run, interrupt)``:
    ``run()`` calls ``fn()`` in the helper thread; ``interrupt()``, from any thread, makes a
    ``run()`` still parked in such a wait raise ``CallInterrupted``, and does nothing once
    ``run()`` has returned.  The harness then reports the hung call as its clause's verdict
    and goes on, instead of leaving a thread behind that ends the test.
    """

    name: str
    version: str
    source: str
    api: Any
    capabilities: FrozenSet[str] = field(default_factory=platform_capabilities)
    deviations: Mapping[str, str] = field(default_factory=dict)
    python: Tuple[int, int] = tuple(sys.version_info[:2])  # type: ignore[assignment]
    description: str = ""
    prepare: Optional[Callable[[Any], None]] = field(default=None, compare=False)
    interruptible: Optional[Interruptible] = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # Never claim more than the platform has, whatever the adapter says.
        object.__setattr__(self, "capabilities", frozenset(self.capabilities) & platform_capabilities())
        object.__setattr__(self, "deviations", MappingProxyType(dict(self.deviations)))

    def __repr__(self) -> str:  # short: it appears in every Hypothesis falsifying example
        return f"Implementation({self.name!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints a failing example's arguments with this pretty-printer protocol,
        # which for a dataclass would otherwise list every field (the module, each capability).
        printer.text(repr(self))

    def missing(self, names: Iterable[str]) -> List[str]:
        """The names from ``names`` that the implementation does not export."""
        return [n for n in names if not hasattr(self.api, n)]

    def present_api(self) -> List[str]:
        return [n for n in API_NAMES if hasattr(self.api, n)]


def deviations_file(path: str) -> Dict[str, str]:
    """What an adapter's deviations file (TOML, next to it) lists: clause ID -> reason, for
    every contract version (those outside the run's contract are no verdict anyway); {} when
    the adapter has no such file yet."""
    return load_deviations(path, contract=None) if os.path.exists(path) else {}
