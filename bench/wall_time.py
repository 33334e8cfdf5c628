"""Wall time of the conformance run per Hypothesis profile, with and without pytest-xdist.

Usage:  python bench/wall_time.py [--impl stdlib] [--profiles quick,default] [--workers 0,2]
        [--repeat 1] [--json out.json]

Each run is a fresh subprocess ``pytest conformance/suite --impl=... --conformance-profile=P [-n W]``.
Prints one line per (profile, workers): wall seconds (min/median over --repeat), pytest's exit
status and the clause summary from the run's JSON report.  Timing lives here, never in tests.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Dict, List

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def one_run(impl: str, profile: str, workers: int, report: str) -> Dict[str, object]:
    cmd = [sys.executable, "-m", "pytest", "conformance/suite", f"--impl={impl}",
           f"--conformance-profile={profile}", f"--conformance-report={report}", "-q", "-p", "no:cacheprovider"]
    if workers:
        cmd += ["-n", str(workers)]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    wall = time.monotonic() - started
    summary = {}
    if os.path.exists(report):
        with open(report) as f:
            summary = json.load(f)["summary"]
    return {"wall_s": wall, "exit": proc.returncode, "summary": summary,
            "tail": proc.stdout.strip().splitlines()[-1:] }


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default="stdlib")
    parser.add_argument("--profiles", default="quick,default,thorough")
    parser.add_argument("--workers", default="0,2")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", default=None, help="also write the results there")
    args = parser.parse_args(argv)
    results = []
    print(f"{'profile':<10}{'workers':>8}{'wall_s(min)':>13}{'wall_s(med)':>13}  exit  clauses p/f/s/d")
    with tempfile.TemporaryDirectory() as tmp:
        for profile in args.profiles.split(","):
            for workers in (int(w) for w in args.workers.split(",")):
                runs = [one_run(args.impl, profile, workers, os.path.join(tmp, f"r{i}.json"))
                        for i in range(args.repeat)]
                walls = [r["wall_s"] for r in runs]
                s = runs[-1]["summary"] or {}
                exits = ",".join(str(r["exit"]) for r in runs)
                print(f"{profile:<10}{workers:>8}{min(walls):>13.1f}{statistics.median(walls):>13.1f}  {exits:>4}  "
                      f"{s.get('clauses', '?')} {s.get('passed', '?')}/{s.get('failed', '?')}/"
                      f"{s.get('skipped', '?')}/{s.get('deviation', '?')}", flush=True)
                results.append({"profile": profile, "workers": workers, "walls_s": walls,
                                "exits": [r["exit"] for r in runs], "summary": s})
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"impl": args.impl, "results": results}, f, indent=1)
    return 0 if all(e == 0 for r in results for e in r["exits"]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
