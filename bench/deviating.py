"""Wall time of a deviating implementation against the stdlib's, side by side in one run.

Usage:  python bench/deviating.py [--impl future] [--baseline stdlib] [--profile quick]
        [--workers 2] [--repeat 2] [--json out.json] [-- extra pytest args for the deviating run]

The two runs alternate (baseline, deviating, baseline, ...) so both see the same machine:
these machines are noisy, so the result is their ratio, never an absolute time.  A deviating
implementation should cost about what a conforming one does (a failure is reported from its
first example and one final replay; waits on an absent behaviour end when the answer is
known).  Prints each run's wall time, exit status and clause counts, then the median ratio.
Timing lives here, never in tests.
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
from typing import Any, Dict, List

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def one_run(impl: str, profile: str, workers: int, report: str, extra: List[str]) -> Dict[str, Any]:
    cmd = [sys.executable, "-m", "socketserver_conformance.cli", "run", f"--impl={impl}",
           f"--conformance-profile={profile}", f"--conformance-report={report}", "-q", "-p", "no:cacheprovider",
           *(["-n", str(workers)] if workers else ["-p", "no:xdist"]), *extra]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    wall = time.monotonic() - started
    summary: Dict[str, Any] = {}
    if os.path.exists(report):
        with open(report) as f:
            summary = json.load(f)["summary"]
    return {"impl": impl, "wall_s": round(wall, 2), "exit": proc.returncode, "summary": summary}


def counts(summary: Dict[str, Any]) -> str:
    keys = ("passed", "failed", "deviation", "blocked", "skipped")
    return " ".join(f"{k} {summary.get(k, '?')}" for k in keys)


def main(argv: List[str]) -> int:
    extra: List[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default="future", help="the deviating implementation (default: future)")
    parser.add_argument("--baseline", default="stdlib")
    parser.add_argument("--profile", default="quick")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", default=None, help="also write the results there")
    args = parser.parse_args(argv)
    runs: List[Dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            for impl, more in ((args.baseline, []), (args.impl, extra)):
                run = one_run(impl, args.profile, args.workers, os.path.join(tmp, f"{i}-{len(runs)}.json"), more)
                runs.append(run)
                print(f"{impl:<24} {run['wall_s']:>8.1f} s  exit {run['exit']}  {counts(run['summary'])}",
                      flush=True)
    base = [r["wall_s"] for r in runs if r["impl"] == args.baseline]
    dev = [r["wall_s"] for r in runs if r["impl"] == args.impl]
    ratios = [d / b for b, d in zip(base, dev)]
    print(f"{args.impl} / {args.baseline}: median {statistics.median(ratios):.2f}x "
          f"(each pair: {', '.join(f'{r:.2f}' for r in ratios)}; profile {args.profile}, -n {args.workers})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": runs, "ratios": ratios}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
