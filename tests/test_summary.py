"""``socketserver-conformance summary``: Markdown over JSON reports, for CI job summaries."""
from __future__ import annotations

import json

from socketserver_conformance._report import COUNTS, SCHEMA
from socketserver_conformance.cli import main


def report(name: str, failed: int = 0) -> dict:
    counts = {key: 0 for key in COUNTS}
    counts.update(clauses=2, passed=2 - failed, failed=failed)
    clauses = [{"id": "LIFE-3", "title": "finish() runs when handle() raises", "outcome": "passed", "message": ""},
               {"id": "LOOP-1", "title": "shutdown() stops serve_forever()",
                "outcome": "failed" if failed else "passed", "message": "observed: it kept running\nmore"}]
    return {"schema": SCHEMA, "implementation": {"name": name, "version": "1.0"}, "python": "3.11.7",
            "contract": "3.11", "duration_s": 12.5, "summary": counts,
            "areas": {"lifecycle": dict(counts)}, "clauses": clauses}


def test_summary_has_a_row_per_report_and_each_failed_clause(tmp_path, capsys):
    paths = []
    for name, failed in (("stdlib", 0), ("myfork", 1)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(report(name, failed)))
        paths.append(str(path))
    assert main(["summary", *paths]) == 0
    out = capsys.readouterr().out
    assert "| stdlib (1.0) | 3.11.7 | 3.11 | 2 | 2 | 0 |" in out
    assert "| myfork (1.0) | 3.11.7 | 3.11 | 2 | 1 | 1 |" in out
    assert "- **failed LOOP-1** (shutdown() stops serve_forever()): observed: it kept running" in out
    assert "more" not in out  # one line of each message


def test_summary_of_a_file_that_is_no_report_says_so(tmp_path, capsys):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"schema": "something/else"}))
    assert main(["summary", str(path)]) == 2
    assert "not a socketserver-conformance report" in capsys.readouterr().err
