"""``socketserver-conformance diff BASELINE NEW``: what changed between two runs, and the CI gate.

Every clause is compared by its verdict in the two reports and listed under what happened to
it (each clause at most once, under its new verdict):

* **newly failed**, **newly passing**, **new deviations**, **newly blocked**,
  **newly skipped**, **newly untested** (untested now, or absent from the new report);
* **stale deviations**: declared deviations that pass in the new report and did not in the
  baseline (drop them from the adapter or the deviations file).

The gate (exit status 1) is a **regression**:

* by default, a clause that passed in the baseline and no longer passes: it failed, it was
  blocked by another clause, it was skipped, or no test of it ran.  A clause that became a
  *declared* deviation is not a regression by default: someone declared it on purpose.
* with ``--strict``, also every clause that is newly failed, a new deviation or newly blocked,
  whatever it was in the baseline (a passing clause declared as a deviation, a clause that
  was untested and now fails).

Identical reports, or reports that differ only where the gate does not look, exit 0.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from socketserver_conformance.spec import sort_key

Report = Dict[str, Any]

#: (key, heading): the kinds of change, in the order they are printed.
KINDS = (
    ("failed", "newly failed"),
    ("deviation", "new deviations"),
    ("blocked", "newly blocked"),
    ("skipped", "newly skipped"),
    ("untested", "newly untested"),
    ("passed", "newly passing"),
    ("stale", "stale deviations"),
)
ABSENT = "absent"  # a clause one of the reports does not have


@dataclass
class Change:
    id: str
    title: str
    before: str
    after: str
    message: str = ""


@dataclass
class Diff:
    changes: Dict[str, List[Change]] = field(default_factory=lambda: {k: [] for k, _ in KINDS})
    regressions: List[Change] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.changes.values())


def _rows(report: Report) -> Dict[str, Dict[str, Any]]:
    return {row["id"]: row for row in report.get("clauses", []) if isinstance(row, dict) and "id" in row}


def _first_line(text: Optional[str]) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0][:300] if lines else ""


def is_regression(before: str, after: str, strict: bool) -> bool:
    if before == "passed" and after not in ("passed", "deviation"):
        return True
    return strict and after != before and after in ("failed", "deviation", "blocked")


def _describe(report: Report) -> str:
    impl = report.get("implementation") or {}
    return (f"{impl.get('name', '?')} ({impl.get('version', '?')}), python {report.get('python', '?')}, "
            f"contract {report.get('contract', '?')}, profile {report.get('profile', '?')}")


def diff(baseline: Report, new: Report, *, strict: bool = False) -> Diff:
    out = Diff()
    old_rows, new_rows = _rows(baseline), _rows(new)
    for what in ("implementation", "contract", "profile"):
        a, b = baseline.get(what), new.get(what)
        if what == "implementation":
            a, b = (a or {}).get("name"), (b or {}).get("name")
        if a != b:
            out.notes.append(f"the reports differ in {what}: {a} (baseline) vs {b} (new)")
    if baseline.get("selection") != new.get("selection"):
        out.notes.append(f"the reports selected different clauses: {baseline.get('selection') or 'all'} "
                         f"(baseline) vs {new.get('selection') or 'all'} (new)")
    for cid in sorted(set(old_rows) | set(new_rows), key=sort_key):
        old, now = old_rows.get(cid), new_rows.get(cid)
        before = old["outcome"] if old else ABSENT
        after = now["outcome"] if now else ABSENT
        row = now or old or {}
        title = row.get("title", "")
        if after != before:
            kind = "untested" if after == ABSENT else after
            message = _first_line(now.get("message")) if now else "the new report has no such clause"
            change = Change(cid, title, before, after, message)
            if kind in out.changes:
                out.changes[kind].append(change)
            if is_regression(before, "untested" if after == ABSENT else after, strict):
                out.regressions.append(change)
        if now and now.get("stale_deviation") and not (old and old.get("stale_deviation")):
            out.changes["stale"].append(Change(cid, title, before, after, _first_line(now.get("message"))))
    return out


def render(result: Diff, baseline_path: str, new_path: str, baseline: Report, new: Report,
           *, strict: bool = False) -> str:
    lines = [f"baseline: {baseline_path}: {_describe(baseline)}",
             f"new:      {new_path}: {_describe(new)}"]
    lines += [f"note: {n}" for n in result.notes]
    counts = ("passed", "failed", "deviation", "blocked", "skipped", "untested")
    old_sum, new_sum = baseline.get("summary") or {}, new.get("summary") or {}
    lines.append("counts:   " + ", ".join(
        f"{k} {old_sum.get(k, 0)}" + (f" -> {new_sum.get(k, 0)}" if new_sum.get(k, 0) != old_sum.get(k, 0) else "")
        for k in counts))
    if not result.changed:
        lines.append("no clause changed its verdict")
    for kind, heading in KINDS:
        changes = result.changes[kind]
        if not changes:
            continue
        lines.append(f"{heading} ({len(changes)}):")
        for c in changes:
            tail = f": {c.message}" if c.message and kind != "passed" else ""
            lines.append(f"  {c.id:<10} {c.before} -> {c.after}  ({c.title}){tail}")
    if result.regressions:
        what = ("passed in the baseline and no longer passes, or is newly failed, a new deviation or newly blocked"
                if strict else "passed in the baseline and no longer passes")
        lines.append(f"REGRESSION: {len(result.regressions)} clause(s) {what}: "
                     + ", ".join(c.id for c in result.regressions))
    else:
        lines.append("no regression" + (" (strict)" if strict else ""))
    return "\n".join(lines) + "\n"

