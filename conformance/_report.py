"""From test outcomes to clause verdicts, the JSON report, and the terminal summary.

Theory of operation: the plugin feeds every pytest report (from this process, or from
xdist workers via the controller) into ``Outcomes.add``.  A test's clauses travel in its
``user_properties`` so the controller needs no items.  Each clause is judged on its own:

* A failure raised as ``ClauseViolation`` names the one clause it breaks, and only that
  clause fails.  The test's other clauses are **blocked** by it (the test stopped there, so
  they were not judged), unless the violation came after the test's body had finished (the
  per-test leak check): then they passed.
* A violation of a clause the implementation declares as a known deviation does not stop
  the test (``expect`` records it and goes on): that clause is a **deviation** and the
  others are judged as usual.  Should the test fail later without naming a clause, its
  other clauses are blocked by the deviation.
* Any other failure (a timeout, a harness error) fails all of the test's clauses.

A clause's verdict then follows this table, first match wins:

    any test failed it                       -> failed
    else any test observed a known deviation -> deviation
    else any test passed it                  -> passed   (skips on other params are fine)
    else any test was blocked on it          -> blocked  (the message names the blocker)
    else some test exists                    -> skipped  (missing API, capability, contract)
    else                                     -> untested
"""
from __future__ import annotations

import datetime
import functools
import os
import re
import subprocess
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Tuple

from socketserver_conformance.spec import AREAS, CLAUSES, LEVELS, sort_key

SCHEMA = "socketserver-conformance/1"
#: A clause's possible verdicts.  Each is also the key of its count, in ``summary`` and in
#: every area of ``areas`` alike, and a column of the terminal summary.
OUTCOMES = ("passed", "failed", "skipped", "deviation", "blocked", "untested")
#: The columns of the counts: every table of counts has exactly these keys.
COUNTS = ("clauses",) + OUTCOMES

# user_properties keys (plain strings: they cross the xdist wire)
PROP_CLAUSES = "spec_clauses"
PROP_VIOLATION = "spec_violation"
PROP_DEVIATION = "spec_deviation"
PROP_COMPLETE = "spec_body_completed"  # the test's body finished; a later check failed
PROP_EXCLUDED = "spec_excluded"  # {clause: reason}: named by the test, outside the run's contract
PROP_UNJUDGED_LEAKS = "spec_unjudged_leaks"  # what a hung call the harness ended left behind (text)


@dataclass
class TestRecord:
    nodeid: str
    clauses: List[str]
    outcome: Optional[str] = None
    duration_s: float = 0.0
    message: str = ""
    violated: List[str] = field(default_factory=list)
    deviated: List[str] = field(default_factory=list)
    complete: bool = False
    excluded: Dict[str, str] = field(default_factory=dict)
    unjudged_leaks: str = ""

    def as_json(self) -> Dict[str, Any]:
        out = {"nodeid": self.nodeid, "clauses": self.clauses, "outcome": self.outcome or "skipped",
               "duration_s": round(self.duration_s, 4), "message": self.message,
               "violated": self.violated}
        if self.unjudged_leaks:
            out["unjudged_leaks"] = self.unjudged_leaks
        return out


def _props(report: Any) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for key, value in getattr(report, "user_properties", ()):
        if key in (PROP_VIOLATION, PROP_DEVIATION):
            out.setdefault(key, []).extend(value if isinstance(value, (list, tuple)) else [value])
        else:
            out[key] = value
    return out


_REPRO = re.compile(r"(@reproduce_failure\(.*\)|Falsifying (?:explicit )?example:.*)")


def failure_message(report: Any, reproduce: str) -> str:
    """Observed/required (from the exception), then how to reproduce it by copy-paste."""
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    text = getattr(report, "longreprtext", "") or ""
    head = crash.message if crash is not None else "\n".join(text.strip().splitlines()[-5:])
    extra = [m.group(1) for m in _REPRO.finditer(text)]
    lines = [head.strip(), f"reproduce: {reproduce}"] + list(dict.fromkeys(extra))
    return "\n".join(lines)


def skip_message(report: Any) -> str:
    if getattr(report, "wasxfail", ""):
        return str(report.wasxfail)
    longrepr = getattr(report, "longrepr", None)
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).replace("Skipped: ", "", 1)
    return str(longrepr or "")


class Outcomes:
    """Accumulates per-test outcomes; computes per-clause verdicts."""

    def __init__(self, reproduce_template: str) -> None:
        self.tests: Dict[str, TestRecord] = {}
        self._reproduce = reproduce_template  # "pytest '{nodeid}' --impl=..."

    def add(self, report: Any) -> None:
        props = _props(report)
        clauses = props.get(PROP_CLAUSES)
        if not clauses:
            return
        rec = self.tests.setdefault(report.nodeid, TestRecord(report.nodeid, list(clauses)))
        rec.duration_s += getattr(report, "duration", 0.0) or 0.0
        rec.violated = sorted(set(rec.violated) | set(props.get(PROP_VIOLATION, [])))
        rec.deviated = sorted(set(rec.deviated) | set(props.get(PROP_DEVIATION, [])))
        rec.complete = rec.complete or bool(props.get(PROP_COMPLETE))
        rec.excluded.update(props.get(PROP_EXCLUDED) or {})
        rec.unjudged_leaks = props.get(PROP_UNJUDGED_LEAKS) or rec.unjudged_leaks
        if report.failed:
            if rec.outcome != "failed":
                rec.message = failure_message(report, self._reproduce.format(nodeid=report.nodeid))
            rec.outcome = "failed"
        elif report.skipped:
            if rec.outcome in (None, "passed"):
                rec.outcome = "deviation" if props.get(PROP_DEVIATION) else "skipped"
                rec.message = skip_message(report)
        elif report.when == "call" and rec.outcome is None:
            rec.outcome = "passed"

    @staticmethod
    def _contribution(rec: TestRecord, clause_id: str) -> Tuple[str, List[str]]:
        """What one test says of one clause, and the clauses that kept it from judging it."""
        outcome = rec.outcome or "skipped"
        if clause_id in rec.excluded:
            return "skipped", []
        if clause_id in rec.deviated:
            return "deviation", []
        if outcome == "failed":
            if rec.violated:
                if clause_id in rec.violated:
                    return "failed", []
                return ("passed", []) if rec.complete else ("blocked", rec.violated)
            if rec.deviated:  # it went on past a known deviation, then broke down
                return "blocked", rec.deviated
            return "failed", []
        if outcome == "deviation":  # it stopped at a known deviation it could not step over
            return ("passed", []) if rec.complete else ("blocked", rec.deviated)
        return outcome, []

    def verdicts(self, deviations: Dict[str, str]) -> List[Dict[str, Any]]:
        by_clause: Dict[str, List[TestRecord]] = {cid: [] for cid in CLAUSES}
        for rec in self.tests.values():
            # A test also speaks of clauses it does not name when it breaks them (what it left
            # behind is a verdict on the clause that promises the cleanup).
            for cid in dict.fromkeys([*rec.clauses, *rec.violated, *rec.deviated]):
                by_clause.setdefault(cid, []).append(rec)
        rows = []
        for cid in sorted(by_clause, key=sort_key):
            clause = CLAUSES.get(cid)
            recs = by_clause[cid]
            parts = [(self._contribution(r, cid), r) for r in recs]
            kinds = {k for (k, _), _ in parts}
            outcome, message, blocked_by = "untested", "no test of this clause ran", []
            for wanted in ("failed", "deviation", "passed", "blocked", "skipped"):
                if wanted in kinds:
                    (_, blockers), first = next(p for p in parts if p[0][0] == wanted)
                    outcome, message = wanted, first.excluded.get(cid, first.message)
                    if wanted == "blocked":
                        blocked_by = sorted({b for (k, bs), _ in parts if k == wanted for b in bs},
                                            key=sort_key)
                        message = (f"not judged: its tests stopped at {', '.join(blocked_by)} "
                                   f"({first.nodeid}): {first.message.splitlines()[0] if first.message else ''}")
                    break
            if outcome == "deviation" and not message:
                message = f"known deviation {cid}: {deviations.get(cid, '')}"
            if outcome == "passed":
                message = ""
                if cid in deviations:
                    message = (f"listed as a known deviation ({deviations[cid]}) but passed: "
                               "remove it from the adapter's deviations")
            rows.append({
                "id": cid, "area": clause.area if clause else "?", "title": clause.title if clause else "?",
                "level": clause.level if clause else "?", "source": clause.url if clause else "",
                "outcome": outcome, "tests": sorted(r.nodeid for r in recs), "message": message,
                "blocked_by": blocked_by,
                "stale_deviation": outcome == "passed" and cid in deviations,
            })
        return rows


def _no_counts() -> Dict[str, int]:
    return {key: 0 for key in COUNTS}


def summarise(rows: Iterable[Dict[str, Any]]) -> Dict[str, Dict[str, int]]:
    """Counts per area (and '_total') of each outcome, keyed by ``COUNTS``."""
    table: Dict[str, Dict[str, int]] = {}
    for row in rows:
        for key in (row["area"], "_total"):
            counts = table.setdefault(key, _no_counts())
            counts["clauses"] += 1
            counts[row["outcome"]] += 1
    return table


#: What ``--contract=auto`` is given as, and what the report's ``contract`` then says.
AUTO = "auto"
#: Verdicts that mean the implementation does not meet a clause (skipped and untested say nothing).
UNMET = ("failed", "deviation", "blocked")


def contract_text(contract: Optional[Tuple[int, int]]) -> str:
    """``(3, 7)`` as "3.7"; None (every clause judged, --contract=auto) as "auto"."""
    return AUTO if contract is None else f"{contract[0]}.{contract[1]}"


def contract_fit(rows: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """For ``--contract=auto``: the newest contract version whose every clause the run did
    not find unmet, and what each later version lacks.

    The contract only changes where some clause's ``since`` or ``until`` lies, so those
    versions (and 3.0, for the clauses of every version) are the ones to check; a version
    between two of them asks exactly what the lower one asks.  ``meets`` is the newest
    version of the last range met ("3.6" when 3.7 asks more), or None when even the
    oldest fails."""
    unmet = [r["id"] for r in rows if r["outcome"] in UNMET]
    starts = sorted({(3, 0)} | {v for c in CLAUSES.values() for v in (c.since, c.until) if v})
    lacking = {v: sorted((cid for cid in unmet if CLAUSES[cid].holds_for(v)), key=sort_key) for v in starts}
    met = [i for i, v in enumerate(starts) if not lacking[v]]
    newest = met[-1] if met else None
    if newest is None:
        meets = None
    elif newest + 1 < len(starts):
        following = starts[newest + 1]
        meets = f"{following[0]}.{following[1] - 1}" if following[1] else contract_text(starts[newest])
    else:
        meets = f"{contract_text(starts[newest])}+"
    later = starts[newest + 1:] if newest is not None else starts
    return {"meets": meets,
            "lacking": [{"from": contract_text(v), "clauses": lacking[v]} for v in later]}


def utc_time(when: Optional[datetime.datetime] = None) -> str:
    """An instant as the report writes it: UTC, ISO 8601 to the second, ``Z``-suffixed."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    return when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _git(folder: str, *args: str) -> Optional[str]:
    """``git -C folder ARGS`` (bounded at 5 s); its output, or None if it fails in any way."""
    try:
        proc = subprocess.run(["git", "-C", folder, *args], capture_output=True, text=True, timeout=5,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


@functools.lru_cache(maxsize=1)
def suite_info() -> Dict[str, Any]:
    """The suite's version and, when it runs from a git checkout, the commit (``dirty`` when
    its files differ from that commit).  An installed copy that merely lies inside some other
    checkout (a venv in a work tree) has no commit: the package's own files must be tracked."""
    from socketserver_conformance import __version__

    here = os.path.dirname(os.path.abspath(__file__))
    commit, dirty = None, None
    if _git(here, "ls-files", "--error-unmatch", "--", os.path.basename(__file__)) is not None:
        commit = _git(here, "rev-parse", "HEAD")
        if commit is not None:
            status = _git(here, "status", "--porcelain", "--untracked-files=no")
            dirty = None if status is None else bool(status)
    return {"version": __version__, "commit": commit, "dirty": dirty}


def build_report(*, implementation: Dict[str, Any], python: str, platform: str, profile: str,
                 duration_s: float, outcomes: Outcomes, deviations: Dict[str, str],
                 extra: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    rows = outcomes.verdicts(deviations)
    table = summarise(rows)
    total = table.get("_total", _no_counts())
    unknown = sorted(d for d in deviations if d not in CLAUSES)
    finished = datetime.datetime.now(datetime.timezone.utc)
    report = {
        "schema": SCHEMA,
        "implementation": implementation,
        "python": python, "platform": platform, "profile": profile,
        "duration_s": round(duration_s, 3),
        "started_at": utc_time(finished - datetime.timedelta(seconds=duration_s)),
        "finished_at": utc_time(finished),
        "suite": suite_info(),
        "summary": total,
        "areas": {k: v for k, v in table.items() if k != "_total"},
        "levels": {lvl: sum(1 for r in rows if r["level"] == lvl and r["outcome"] == "passed")
                   for lvl in LEVELS},
        "untested": [r["id"] for r in rows if r["outcome"] == "untested"],
        "stale_deviations": [r["id"] for r in rows if r["stale_deviation"]],
        "unknown_deviation_ids": unknown,
        "clauses": rows,
        "tests": [t.as_json() for t in sorted(outcomes.tests.values(), key=lambda t: t.nodeid)],
    }
    report.update(extra or {})
    return report


def summary_lines(report: Dict[str, Any]) -> List[Tuple[str, str]]:
    """(markup, text) lines for the terminal summary."""
    out: List[Tuple[str, str]] = []
    widths = {key: max(8, len(key) + 1) for key in COUNTS}

    def line(label: str, cells: Dict[str, Any]) -> str:
        return f"{label:<12}" + "".join(f"{cells[key]:>{widths[key]}}" for key in COUNTS)

    out.append(("bold", line("area", {key: key for key in COUNTS})))
    for key in AREAS:
        c = report["areas"].get(key)
        if not c:
            continue
        markup = "red" if c["failed"] else ("yellow" if c["untested"] or c["deviation"] or c["blocked"]
                                            else "green")
        out.append((markup, line(key, c)))
    out.append(("bold", line("total", report["summary"])))
    fit = report.get("contract_fit")
    if fit is not None:
        out.append(("bold", f"contract auto: meets {fit['meets'] or 'no version'}"
                            + ("" if fit["meets"] else " (even the clauses of every version are unmet)")))
        for step in fit["lacking"]:
            out.append(("yellow", f"  contract {step['from']} lacks: {', '.join(step['clauses'])}"))
    for row in report["clauses"]:
        if row["outcome"] == "failed":
            first = row["message"].splitlines()[0] if row["message"] else ""
            out.append(("red", f"FAILED {row['id']} ({row['title']}): {first}"))
        elif row["outcome"] == "blocked":
            out.append(("yellow", f"BLOCKED {row['id']} ({row['title']}) by {', '.join(row['blocked_by'])}"))
    if report["untested"]:
        shown = report["untested"][:15]
        more = len(report["untested"]) - len(shown)
        out.append(("yellow", f"clauses with no test run ({len(report['untested'])}): " + ", ".join(shown)
                              + (f", ... and {more} more (see the JSON report)" if more else "")))
    if report["stale_deviations"]:
        out.append(("yellow", "known deviations that now pass (remove them from the adapter): "
                              + ", ".join(report["stale_deviations"])))
    if report["unknown_deviation_ids"]:
        out.append(("yellow", "the adapter lists deviations for unknown clause IDs: "
                              + ", ".join(report["unknown_deviation_ids"])))
    return out
