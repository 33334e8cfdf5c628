"""``socketserver-conformance matrix REPORT...``: one HTML page over many implementations.

The page is self-contained (its CSS and its little JavaScript are inline; nothing is fetched),
and the table reads without JavaScript: implementations are the columns (name, version,
contract, Python, when it ran), clauses the rows, grouped by area, each with its level and
title.  Every cell is coloured by, and names, its outcome; a cell with something to say (the
failure message, the reproduction line, the deviation's reason, why it was skipped or what
blocked it) holds it in a ``<details>``, one click away, which needs no script.  Each area's
heading row and the table's first rows hold the counts per implementation.

JavaScript adds only the filters (area, level, outcome, "differs between implementations"),
"open every failure", and deep links: ``page.html#cell-LIFE-3-stdlib-3.11`` opens that
cell's details (``cell_id`` gives the id).

The template is ``templates/matrix.html.j2`` (jinja2, autoescaped: every string of a report
is text, never markup).
"""
from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from socketserver_conformance import __version__
from socketserver_conformance._report import OUTCOMES, utc_time
from socketserver_conformance.spec import AREAS, CLAUSES, LEVELS, sort_key

Report = Dict[str, Any]
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
#: Outcomes whose cells open onto a message.
_REPRO = re.compile(r"^reproduce: (.*)$", re.M)


def slug(text: str) -> str:
    """An id fragment: letters, digits, '.', '_' and '-' only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "report"


def cell_id(clause_id: str, column: str) -> str:
    return f"cell-{clause_id}-{column}"


@dataclass
class Column:
    key: str  # unique slug: the cells' ids end with it
    path: str
    name: str
    version: str
    contract: str
    python: str
    when: str
    when_is_file_time: bool
    profile: str
    suite: str
    platform: str
    counts: Dict[str, int]
    areas: Dict[str, Dict[str, int]]
    deviations: Dict[str, str]
    rows: Dict[str, Dict[str, Any]] = field(repr=False)


@dataclass
class Cell:
    id: str
    outcome: str
    label: str
    message: str = ""
    reproduce: List[str] = field(default_factory=list)
    reason: str = ""  # a deviation's declared reason
    blocked_by: List[str] = field(default_factory=list)
    tests: List[str] = field(default_factory=list)
    stale: bool = False

    @property
    def has_details(self) -> bool:
        return bool(self.message or self.reproduce or self.reason or self.blocked_by)


def _when(path: str, report: Report) -> Tuple[str, bool]:
    text = report.get("started_at") or report.get("finished_at")
    if text:
        return str(text), False
    try:  # a report from before the run's time was recorded: its file's time stands in
        mtime = os.path.getmtime(path)
    except OSError:
        return "?", True
    return utc_time(datetime.datetime.fromtimestamp(mtime, datetime.timezone.utc)), True


def _suite(report: Report) -> str:
    suite = report.get("suite") or {}
    if not suite:
        return "?"
    commit = suite.get("commit")
    return f"{suite.get('version', '?')}" + (f" @ {commit[:10]}" if commit else "") + \
           (" (modified)" if suite.get("dirty") else "")


def columns(reports: Sequence[Tuple[str, Report]]) -> List[Column]:
    out: List[Column] = []
    used: Dict[str, int] = {}
    for path, report in reports:
        impl = report.get("implementation") or {}
        key = slug(os.path.splitext(os.path.basename(path))[0])
        used[key] = used.get(key, 0) + 1
        if used[key] > 1:
            key = f"{key}-{used[key]}"
        when, file_time = _when(path, report)
        out.append(Column(
            key=key, path=path, name=str(impl.get("name", "?")), version=str(impl.get("version", "?")),
            contract=str(report.get("contract", "?")), python=str(report.get("python", "?")),
            when=when, when_is_file_time=file_time, profile=str(report.get("profile", "?")),
            suite=_suite(report), platform=str(report.get("platform", "?")),
            counts={k: int((report.get("summary") or {}).get(k, 0)) for k in ("clauses",) + OUTCOMES},
            areas={a: {k: int(c.get(k, 0)) for k in ("clauses",) + OUTCOMES}
                   for a, c in (report.get("areas") or {}).items()},
            deviations={str(k): str(v) for k, v in (impl.get("deviations") or {}).items()},
            rows={r["id"]: r for r in report.get("clauses", []) if isinstance(r, dict) and "id" in r}))
    return out


def _cell(column: Column, cid: str) -> Cell:
    row = column.rows.get(cid)
    ident = cell_id(cid, column.key)
    if row is None:
        return Cell(ident, "untested", "absent", message="this report has no such clause "
                                                         "(written by another version of the suite)")
    outcome = row.get("outcome", "untested")
    if outcome not in OUTCOMES:
        outcome = "untested"
    message = str(row.get("message") or "")
    reproduce = _REPRO.findall(message)
    body = _REPRO.sub("", message).strip() if reproduce else message.strip()
    reason = column.deviations.get(cid, "") if outcome == "deviation" else ""
    stale = bool(row.get("stale_deviation"))
    label = "passed (stale deviation)" if stale else outcome
    if outcome == "passed" and not stale:
        body = ""
    return Cell(ident, outcome, label, message=body, reproduce=reproduce, reason=reason,
                blocked_by=[str(b) for b in row.get("blocked_by") or []],
                tests=[str(t) for t in row.get("tests") or []], stale=stale)


def build(reports: Sequence[Tuple[str, Report]], *, title: str = "socketserver conformance") -> Dict[str, Any]:
    """What the template renders: the columns, and the clause rows grouped by area."""
    cols = columns(reports)
    meta: Dict[str, Dict[str, str]] = {}
    for col in cols:
        for cid, row in col.rows.items():
            meta.setdefault(cid, {"area": str(row.get("area", "?")), "title": str(row.get("title", "")),
                                  "level": str(row.get("level", "?")), "source": str(row.get("source", ""))})
    for cid, info in meta.items():  # fill what a report left out from the installed spec
        spec = CLAUSES.get(cid)
        if spec is not None and info["area"] == "?":
            info.update(area=spec.area, title=spec.title, level=spec.level, source=spec.url)
    area_order = list(AREAS) + sorted({m["area"] for m in meta.values()} - set(AREAS))
    groups = []
    for area in area_order:
        ids = sorted((cid for cid, m in meta.items() if m["area"] == area), key=sort_key)
        if not ids:
            continue
        rows = []
        for cid in ids:
            cells = [_cell(col, cid) for col in cols]
            outcomes = sorted({c.outcome for c in cells})
            rows.append({"id": cid, **meta[cid], "cells": cells, "outcomes": outcomes,
                         "differs": len({c.label for c in cells}) > 1})
        counts = []
        for col in cols:
            c = col.areas.get(area)
            if c is None:  # an older report: count its rows
                c = {k: 0 for k in ("clauses",) + OUTCOMES}
                for cid in ids:
                    if cid in col.rows:
                        c["clauses"] += 1
                        c[_cell(col, cid).outcome] += 1
            counts.append(c)
        info = AREAS.get(area)
        groups.append({"key": area, "title": info.title if info else area, "rows": rows, "counts": counts})
    levels = list(LEVELS) + sorted({m["level"] for m in meta.values()} - set(LEVELS))
    return {"title": title, "columns": cols, "groups": groups, "outcomes": OUTCOMES,
            "levels": [lvl for lvl in levels if any(m["level"] == lvl for m in meta.values())],
            "clauses": len(meta), "generated": utc_time(), "version": __version__}


def render(reports: Sequence[Tuple[str, Report]], *, title: str = "socketserver conformance") -> str:
    import jinja2  # late: only this command needs it

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("matrix.html.j2").render(**build(reports, title=title))


def expand(paths: Sequence[str]) -> List[str]:
    """REPORT arguments: files as given, a folder as the ``*.json`` files in it (sorted)."""
    out: List[str] = []
    for path in paths:
        if os.path.isdir(path):
            out += sorted(os.path.join(path, n) for n in os.listdir(path) if n.endswith(".json"))
        else:
            out.append(path)
    return out


def write(text: str, output: Optional[str]) -> None:
    if not output or output == "-":
        import sys

        sys.stdout.write(text)
        return
    folder = os.path.dirname(os.path.abspath(output))
    os.makedirs(folder, exist_ok=True)
    tmp = output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, output)
