"""The ``future`` adapter: PyPI future's backport of CPython 3.3's socketserver.

Under its own contract (3.3) it meets every clause; under 3.11's, every clause it misses is a
deviation its adapter declares (adapters/future.toml, each traced to a line of its file), and
the run is green.
"""
from __future__ import annotations

import json

import pytest

from socketserver_conformance.adapters import resolve
from tests.test_mutants import run_suite

pytest.importorskip("future", reason="the future adapter needs PyPI future: pip install '.[future]'")

SELECT = ["conformance/suite/test_api.py", "conformance/suite/test_binding.py"]


def test_the_adapter_follows_contract_3_3_and_cites_a_line_for_each_deviation():
    impl = resolve("future")
    assert impl.python == (3, 3)
    assert impl.deviations, "the adapter declares no deviation"
    uncited = [cid for cid, reason in impl.deviations.items() if "l." not in reason]
    assert not uncited, f"deviations without the line of future's file that causes them: {uncited}"


@pytest.mark.parametrize("contract", [None, "3.11"])
def test_runs_are_green_with_later_clauses_as_declared_deviations(contract, tmp_path):
    report_path = tmp_path / "report.json"
    extra = [f"--contract={contract}"] if contract else []
    proc = run_suite("future", SELECT, str(report_path), *extra)
    assert report_path.exists(), proc.stdout[-3000:]
    report = json.loads(report_path.read_text())
    outcomes = {c["id"]: c["outcome"] for c in report["clauses"]}
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert report["summary"]["failed"] == 0 and report["stale_deviations"] == []
    if contract is None:
        assert report["contract"] == "3.3"
        assert outcomes["API-15"] == "skipped"  # BaseServer in __all__ came with 3.4 (bpo-23358)
    else:
        assert {outcomes[c] for c in ("API-8", "API-11", "API-12", "API-15", "BIND-5", "BIND-7")} == {"deviation"}
