"""The socketserver contract as data: every clause the suite checks, by stable ID.

Theory of operation: each spec area keeps its clauses in a table in ``conformance/_spec/``
(one module per area, mirroring the test module ``conformance/suite/test_<area>.py``).  This
module gathers the tables, checks them once at import (unique IDs, prefixes matching the
area, known capabilities) and is the only thing the plugin and the report read.  Tests
name their clauses with ``@pytest.mark.spec("LIFE-3", ...)``; a clause no test names is
reported as untested.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Tuple

from socketserver_conformance._spec._clause import CAPABILITIES, DOCS_URL, LEVELS, Clause
from socketserver_conformance._spec import (
    api,
    binding,
    clients,
    forking,
    framing,
    lifecycle,
    model,
    serving,
    threads,
)

__all__ = ["AREAS", "CAPABILITIES", "CLAUSES", "DOCS_URL", "LEVELS", "Area", "Clause",
           "clauses_in", "lookup"]


@dataclass(frozen=True)
class Area:
    key: str      # also the test module's suffix: conformance/suite/test_<key>.py
    prefix: str   # clause ID prefix
    title: str


AREAS: Dict[str, Area] = {a.key: a for a in (
    Area("framing", "FRAME", "Message framing (StreamRequestHandler, DatagramRequestHandler)"),
    Area("lifecycle", "LIFE", "Handler lifecycle and per-request hooks"),
    Area("serving", "LOOP", "Serving loop, shutdown and timeouts"),
    Area("threads", "THREAD", "ThreadingMixIn, daemon_threads, block_on_close"),
    Area("forking", "FORK", "ForkingMixIn and child processes"),
    Area("clients", "CLIENT", "Concurrent, slow and misbehaving clients"),
    Area("binding", "BIND", "Binding, addresses and Unix sockets"),
    Area("api", "API", "Module API: classes, hierarchy, defaults"),
    Area("model", "MODEL", "Stateful model of many clients"),
)}

_TABLES = (framing, lifecycle, serving, threads, forking, clients, binding, api, model)


def _gather(tables: Iterable) -> Dict[str, Clause]:
    found: Dict[str, Clause] = {}
    for table in tables:
        for clause in table.CLAUSES:
            if clause.id in found:
                raise ValueError(f"clause id {clause.id} is defined twice; IDs are unique and stable")
            area = AREAS.get(clause.area)
            if area is None:
                raise ValueError(f"{clause.id}: unknown area {clause.area!r}; use one of {list(AREAS)}")
            if not clause.id.startswith(area.prefix + "-"):
                raise ValueError(f"{clause.id}: clauses of area {area.key!r} start with {area.prefix}-")
            found[clause.id] = clause
    return found


#: Every clause, by ID, in area order.
CLAUSES: Dict[str, Clause] = _gather(_TABLES)


def lookup(clause_id: str) -> Clause:
    """The clause with this ID; a KeyError that lists near names otherwise."""
    try:
        return CLAUSES[clause_id]
    except KeyError:
        prefix = clause_id.split("-")[0]
        near = [c for c in CLAUSES if c.startswith(prefix)][:12]
        raise KeyError(f"unknown clause {clause_id!r}; known clauses of that area: {near}") from None


def clauses_in(area: str) -> List[Clause]:
    return [c for c in CLAUSES.values() if c.area == area]


def sort_key(clause_id: str) -> Tuple[int, int]:
    """Area order, then numeric order (so LIFE-10 follows LIFE-9)."""
    prefix, _, number = clause_id.partition("-")
    order = [a.prefix for a in AREAS.values()]
    return (order.index(prefix) if prefix in order else len(order), int(number or 0))
