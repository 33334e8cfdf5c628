"""The counts the README states are the counts of the repository."""
from __future__ import annotations

import importlib
import os
import pkgutil
import re
import socketserver
from typing import Set

import tests.mutants as catalog
from socketserver_conformance.reference import socketserver as reference
from socketserver_conformance.spec import CLAUSES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MUTANTS = sorted(m.name for m in pkgutil.iter_modules(catalog.__path__) if not m.name.startswith("_"))


def readme() -> str:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        return f.read()


def stated(pattern: str) -> int:
    """The one number the README states where ``pattern`` (with a ``(\\d+)`` group) matches."""
    found = re.findall(pattern, readme())
    assert len(found) == 1, f"README.md: {len(found)} matches of {pattern!r}, want one"
    return int(found[0])


def bases(name: str) -> Set[str]:
    """What the mutant's socketserver classes are built on: "stdlib" if any of them derives
    from a class of the stdlib's socketserver, "reference" if any runs code of
    ``reference/socketserver.py`` (inherited from the reference's classes, or re-executed from
    its source by ``patched_reference``): how the mutant was made does not matter."""
    module = importlib.import_module(f"tests.mutants.{name}")
    found: Set[str] = set()
    for attr in getattr(module, "__all__", ()):
        cls = getattr(module, attr, None)
        if not isinstance(cls, type):
            continue
        for klass in cls.__mro__:
            if getattr(socketserver, klass.__name__, None) is klass:
                found.add("stdlib")
            for member in vars(klass).values():
                func = getattr(member, "__func__", member)  # classmethod, staticmethod
                func = getattr(func, "fget", None) or func  # property
                code = getattr(func, "__code__", None)
                if code is not None and code.co_filename == reference.__file__:
                    found.add("reference")
    return found


def test_readme_states_the_number_of_mutants():
    assert MUTANTS
    assert stated(r"`tests/mutants/` holds (\d+) named\s+mutants") == len(MUTANTS), \
        f"tests/mutants/ holds {len(MUTANTS)} mutants: update README.md"


def test_readme_states_how_many_mutants_are_built_on_the_reference():
    kinds = {name: bases(name) for name in MUTANTS}
    # "N are built on our reference ... and the rest wrap the stdlib's classes": each is one or the other.
    unclear = {name: sorted(k) for name, k in kinds.items() if len(k) != 1}
    assert not unclear, f"mutants built on both or on neither the reference and the stdlib: {unclear}"
    on_reference = sorted(name for name, k in kinds.items() if k == {"reference"})
    assert stated(r"(\d+) are built\s+on our reference") == len(on_reference), \
        f"{len(on_reference)} mutants are built on the reference: update README.md"


def test_readme_states_the_number_of_clauses():
    assert stated(r"\b(\d+) clauses\b") == len(CLAUSES), f"the spec has {len(CLAUSES)} clauses: update README.md"
