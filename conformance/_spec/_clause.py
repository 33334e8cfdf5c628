"""The record type for one clause of the contract (kept apart so area tables can import it)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Optional, Tuple

DOCS_URL = "https://docs.python.org/3/library/socketserver.html"

Level = Literal["documented", "implied", "cpython"]
#: ``documented``: the docs promise it.  ``implied``: it follows from the documented design
#: (the order of hooks, say).  ``cpython``: what CPython does where the docs are silent,
#: reported apart so a fork can differ knowingly.
LEVELS: Tuple[str, ...] = ("documented", "implied", "cpython")

#: Platform capabilities a clause may need.  An implementation's adapter narrows them.
CAPABILITIES: Tuple[str, ...] = (
    "threads",             # real OS threads (ThreadingMixIn)
    "fork",                # os.fork (ForkingMixIn)
    "unix",                # AF_UNIX sockets
    "abstract-namespace",  # Linux abstract AF_UNIX names (b"\0...")
    "ipv6",                # a usable ::1
    "reuse-port",          # socket.SO_REUSEPORT
)

_ID = re.compile(r"^[A-Z]+-[0-9]+$")


@dataclass(frozen=True)
class Clause:
    """One checkable promise of the socketserver contract."""

    id: str                      # stable: never renumbered, never reused
    area: str                    # key of ``socketserver_conformance.spec.AREAS``
    title: str                   # a few words
    requirement: str             # the required behaviour, in our own words
    source: str                  # "#anchor" into the docs, or "socketserver.py: <docstring>"
    level: Level = "documented"
    needs: Tuple[str, ...] = ()  # capabilities from CAPABILITIES
    api: Tuple[str, ...] = ()    # names the implementation module must export
    since: Optional[Tuple[int, int]] = None  # Python version that introduced the behaviour
    until: Optional[Tuple[int, int]] = None  # first Python version where it no longer holds

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"clause id {self.id!r} must look like 'AREA-N', e.g. 'LIFE-3'")
        if self.level not in LEVELS:
            raise ValueError(f"{self.id}: level {self.level!r} is not one of {LEVELS}")
        unknown = set(self.needs) - set(CAPABILITIES)
        if unknown:
            raise ValueError(f"{self.id}: unknown capabilities {sorted(unknown)}; use {CAPABILITIES}")

    def holds_for(self, contract: Tuple[int, int]) -> bool:
        """Whether the clause is part of Python ``contract``'s socketserver contract."""
        return (self.since is None or contract >= self.since) and (self.until is None or contract < self.until)

    @property
    def versions(self) -> str:
        """The contract versions the clause holds for, as text ("3.7+", "3.6 to 3.11", "every version")."""
        def text(v: Tuple[int, int]) -> str:
            return f"{v[0]}.{v[1]}"
        if self.until is None:
            return f"Python {text(self.since)}+" if self.since else "every Python version"
        return f"Python {text(self.since or (3, 0))}+ before {text(self.until)}"

    @property
    def url(self) -> str:
        """Where the documentation states the clause (a link, or a docstring reference)."""
        return DOCS_URL + self.source if self.source.startswith("#") else self.source
