"""Repeat the quick conformance run N times (default 20) under -n 2 and count green runs.

Usage:  python bench/soak.py [--runs 20] [--impl stdlib] [--busy 2]

``--busy K`` starts K CPU-burning processes for the duration (the machine "otherwise busy"),
stopped at the end.  Prints one line per run and the count of green runs; exit 1 on any red run.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _burn(stop_at: float) -> None:
    x = 0
    while time.monotonic() < stop_at:  # bounded: ends by itself even if never terminated
        x = (x * 31 + 7) % 1000003


def main(argv) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--impl", default="stdlib")
    parser.add_argument("--busy", type=int, default=2, help="CPU burners to run alongside")
    parser.add_argument("--profile", default="quick")
    args = parser.parse_args(argv)
    burners = [multiprocessing.Process(target=_burn, args=(time.monotonic() + 3600,), daemon=True)
               for _ in range(args.busy)]
    for b in burners:
        b.start()
    green = 0
    try:
        for i in range(args.runs):
            started = time.monotonic()
            proc = subprocess.run([sys.executable, "-m", "pytest", "conformance/suite", f"--impl={args.impl}",
                                   f"--conformance-profile={args.profile}", "-n", "2", "-q",
                                   "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True, text=True,
                                  timeout=900)
            ok = proc.returncode == 0
            green += ok
            last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
            print(f"run {i + 1:>2}: {'green' if ok else 'RED  '} {time.monotonic() - started:6.1f}s  {last}",
                  flush=True)
            if not ok:
                print("\n".join(l for l in proc.stdout.splitlines() if l.startswith(("FAILED", "ERROR"))))
    finally:
        for b in burners:
            b.terminate()
            b.join(5)
    print(f"{green}/{args.runs} green (busy={args.busy})")
    return 0 if green == args.runs else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
