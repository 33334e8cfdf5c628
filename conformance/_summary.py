"""Reading the JSON reports the plugin writes, and the Markdown summary of one or many.

``socketserver-conformance summary REPORT...`` prints Markdown fit for a CI job summary
(GitHub Actions' ``$GITHUB_STEP_SUMMARY``): one row per report (implementation, Python,
contract, the clause counts, wall time), then per report its per-area counts and its failed
and blocked clauses with their first message line.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Sequence, Tuple

from socketserver_conformance._report import COUNTS, SCHEMA

Report = Dict[str, Any]


class ReportError(ValueError):
    """A file that is not a report of this suite (its message says which and why)."""


def load_report(path: str) -> Report:
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except OSError as exc:
        raise ReportError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}: not JSON ({exc})") from None
    if not isinstance(report, dict) or report.get("schema") != SCHEMA:
        raise ReportError(f"{path}: not a socketserver-conformance report (its schema is not {SCHEMA!r})")
    return report


def _row(cells: Sequence[Any]) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def _table(header: Sequence[str], rows: List[Sequence[Any]]) -> List[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def name_of(report: Report) -> str:
    impl = report.get("implementation", {})
    return f"{impl.get('name', '?')} ({impl.get('version', '?')})"


def markdown(reports: Sequence[Tuple[str, Report]]) -> str:
    """The Markdown summary of ``reports`` (path, report) in the order given."""
    out = ["## socketserver conformance", ""]
    out += _table(["implementation", "python", "contract", *COUNTS, "wall (s)"],
                  [[name_of(r), r.get("python", "?"), r.get("contract", "?"),
                    *(r["summary"].get(k, 0) for k in COUNTS), f"{r.get('duration_s', 0):.1f}"]
                   for _, r in reports])
    for path, report in reports:
        out += ["", f"### {name_of(report)}", "", f"report: `{path}`"]
        fit = report.get("contract_fit")
        if fit:
            out += ["", f"contract auto: meets {fit['meets'] or 'no version'}"]
            out += [f"- contract {step['from']} lacks {', '.join(step['clauses'])}" for step in fit["lacking"]]
        out += [""] + _table(["area", *COUNTS], [[area, *(c.get(k, 0) for k in COUNTS)]
                                                 for area, c in report["areas"].items()])
        failing = [c for c in report["clauses"] if c["outcome"] in ("failed", "blocked")]
        if failing:
            out.append("")
        for clause in failing:
            first = (clause.get("message") or "").splitlines()[0] if clause.get("message") else ""
            out.append(f"- **{clause['outcome']} {clause['id']}** ({clause['title']}): {first[:300]}")
    return "\n".join(out) + "\n"
