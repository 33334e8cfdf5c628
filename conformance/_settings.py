"""The plugin's settings, read from the command line or the ini file: what each means, checked
once at configure time, with a usage error that says what to give instead."""
from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, Optional, Tuple

import pytest

from socketserver_conformance._report import AUTO
from socketserver_conformance.adapters import Implementation
from socketserver_conformance.harness._bounds import check_scale
from socketserver_conformance.spec import AREAS, CLAUSES, LEVELS, lookup


def setting(config: pytest.Config, name: str) -> Any:
    value = config.getoption(name)
    return config.getini(name) if value is None else value


def time_scale(config: pytest.Config) -> float:
    value = setting(config, "conformance_time_scale")
    try:
        return check_scale(value if value not in (None, "") else 1)
    except ValueError as exc:
        raise pytest.UsageError(f"--conformance-time-scale={value}: {exc}; give a factor such as 2 or 0.5 "
                                "(every bounded wait of the harness is multiplied by it)") from None


def names(config: pytest.Config, name: str, valid: Any, what: str) -> Tuple[str, ...]:
    """A comma-separated selection setting, checked against ``valid`` (a UsageError lists them)."""
    text = setting(config, name) or ""
    given = [part.strip() for part in str(text).replace(",", " ").split()]
    given = [part.upper() if what == "clause" else part.lower() for part in given]
    unknown = [part for part in given if part not in valid]
    if unknown:
        listed = ", ".join(valid) if what != "clause" else "the IDs of socketserver_conformance.spec.CLAUSES"
        raise pytest.UsageError(f"--{name.replace('_', '-')}: unknown {what}(s) {', '.join(unknown)}; "
                                f"valid: {listed}")
    return tuple(dict.fromkeys(given))


@dataclasses.dataclass(frozen=True)
class Selection:
    """--conformance-area/-level/-clause: the clauses whose tests run (empty: no filter).

    A test runs when one of its clauses passes every filter given; the others are deselected,
    and their clauses (unless another selected test names them) are untested in the report."""

    areas: Tuple[str, ...] = ()
    levels: Tuple[str, ...] = ()
    clauses: Tuple[str, ...] = ()

    @classmethod
    def of(cls, config: pytest.Config) -> "Selection":
        return cls(names(config, "conformance_area", list(AREAS), "area"),
                   names(config, "conformance_level", list(LEVELS), "level"),
                   names(config, "conformance_clause", CLAUSES, "clause"))

    def __bool__(self) -> bool:
        return bool(self.areas or self.levels or self.clauses)

    def picks(self, cid: str) -> bool:
        clause = lookup(cid)
        return ((not self.areas or clause.area in self.areas) and (not self.levels or clause.level in self.levels)
                and (not self.clauses or cid in self.clauses))

    def as_json(self) -> Dict[str, List[str]]:
        return {k: list(v) for k, v in dataclasses.asdict(self).items() if v}


def contract_of(config: pytest.Config, impl: Implementation) -> Optional[Tuple[int, int]]:
    text = setting(config, "conformance_contract")
    if not text:
        return tuple(impl.python)[:2]  # type: ignore[return-value]
    if str(text).strip().lower() == AUTO:
        return None  # every clause is judged; the report says which versions that meets
    try:
        major, minor = (int(part) for part in str(text).split("."))
    except ValueError:
        raise pytest.UsageError(f"--contract={text}: give a Python version as X.Y, e.g. --contract=3.8, "
                                f"or {AUTO}") from None
    return major, minor
