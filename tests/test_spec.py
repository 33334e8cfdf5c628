"""The spec as data is well formed, and the suite and the mutant catalog cover it."""
from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import socketserver
import subprocess
import sys

import pytest

import socketserver_conformance
import tests.mutants as catalog
from socketserver_conformance.spec import AREAS, CLAUSES, LEVELS, clauses_in

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: Section anchors of the socketserver docs page (objects are checked against the stdlib instead).
SECTION_ANCHORS = {"#module-socketserver", "#server-creation-notes", "#server-objects",
                   "#request-handler-objects", "#examples", "#socketserver-tcpserver-example",
                   "#socketserver-udpserver-example", "#asynchronous-mixins"}

INSTANCE_ATTRIBUTES = {"server_address", "RequestHandlerClass", "socket", "request", "client_address",
                       "server", "rfile", "wfile", "active_children"}


_COLLECT = """
import json, pytest
from socketserver_conformance.plugin import item_clauses
found = set()
class Collector:
    def pytest_collection_finish(self, session):
        for item in session.items:
            found.update(item_clauses(item))
pytest.main(["conformance/suite", "--collect-only", "-q", "-p", "no:cacheprovider"], plugins=[Collector()])
print(json.dumps(sorted(found)))
"""


def _marked_clauses() -> set:
    """Clause IDs named by spec markers of collected conformance tests (parameter marks included)."""
    proc = subprocess.run([sys.executable, "-c", _COLLECT], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_every_clause_has_a_test():
    untested = sorted(set(CLAUSES) - _marked_clauses())
    assert not untested, f"clauses without any test: {untested}"


def test_every_area_has_clauses_and_a_test_module():
    for key in AREAS:
        assert clauses_in(key), f"area {key} has no clauses"
        module = os.path.join(socketserver_conformance.SUITE_DIR, f"test_{key}.py")
        assert os.path.exists(module), f"area {key} has no test module {module}"


@pytest.mark.parametrize("clause_id", sorted(CLAUSES))
def test_clause_is_well_formed(clause_id):
    clause = CLAUSES[clause_id]
    assert clause.title and len(clause.title) <= 80, "a short title"
    assert clause.requirement.strip().endswith("."), "the requirement is one or two full sentences"
    assert clause.level in LEVELS
    assert clause.since is None or (len(clause.since) == 2 and clause.since >= (3, 0))


@pytest.mark.parametrize("clause_id", sorted(CLAUSES))
def test_clause_source_points_at_the_docs_or_a_docstring(clause_id):
    source = CLAUSES[clause_id].source
    if source.startswith("socketserver.py:"):
        return
    assert source.startswith("#"), f"{clause_id}: source {source!r} is neither '#anchor' nor 'socketserver.py: ...'"
    if source in SECTION_ANCHORS:
        return
    dotted = source[1:].split(".")
    assert dotted[0] == "socketserver", f"{clause_id}: anchor {source!r} is not in the socketserver page"
    if (CLAUSES[clause_id].since or (0, 0)) > (3, 11):
        return  # documented for a newer Python than this one
    names = dotted[1:]
    cls = getattr(socketserver, names[0], None)
    assert cls is not None, f"{clause_id}: anchor {source!r} names no socketserver class"
    if len(names) > 1:
        # The docs describe some subclass attributes (fileno, get_request, ...) and instance
        # attributes (server_address, ...) under BaseServer: accept any class that has it.
        holders = [c for c in vars(socketserver).values() if inspect.isclass(c) and hasattr(c, names[1])]
        assert holders or names[1] in INSTANCE_ATTRIBUTES, \
            f"{clause_id}: anchor {source!r} names nothing socketserver has"


def test_every_area_has_a_mutant():
    names = [m.name for m in pkgutil.iter_modules(catalog.__path__) if not m.name.startswith("_")]
    caught = set()
    for name in names:
        module = importlib.import_module(f"tests.mutants.{name}")
        for entry in module.CATCHES:
            caught.update(CLAUSES[c].area for c in (entry if isinstance(entry, tuple) else (entry,)))
    assert set(AREAS) <= caught, f"areas no mutant targets: {sorted(set(AREAS) - caught)}"


def test_every_clause_is_caught_by_a_mutant():
    """Each clause's tests are shown able to fail: some mutant must be caught on it."""
    caught = set()
    for name in (m.name for m in pkgutil.iter_modules(catalog.__path__) if not m.name.startswith("_")):
        for entry in importlib.import_module(f"tests.mutants.{name}").CATCHES:
            caught.update(entry if isinstance(entry, tuple) else (entry,))
    uncaught = sorted(set(CLAUSES) - caught)
    assert not uncaught, f"clauses no mutant in tests/mutants/ is caught on: {uncaught}"


def test_clause_count_meets_the_floor():
    framing_and_lifecycle = len(clauses_in("framing")) + len(clauses_in("lifecycle"))
    assert framing_and_lifecycle >= 35, framing_and_lifecycle
    assert len(CLAUSES) >= 90, len(CLAUSES)
