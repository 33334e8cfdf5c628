"""Detection power: how many mechanical mutants of a socketserver file each suite kills.

Usage:
    python bench/mutation.py [--file PATH] [--sample 20] [--seed 0] [-j 2]
                             [--suites ours,cpython] [--profile mutation | --shrink] [--time-limit 150]
                             [--operators compare,negate,...] [--only ID,ID] [--list] [--json OUT]

``--file`` defaults to the running interpreter's ``socketserver.py``.  The mutants come from
``bench/_mutagen.py`` (its docstring lists the operators); ``--sample N --seed S`` draws the same
N mutants on every machine with the same file.  For each mutant:

1. the mutant is written to a private directory as ``socketserver.py`` and imported once in a
   subprocess; a mutant that fails to import is counted apart (neither suite gets to run it);
2. **ours**: ``pytest conformance/suite --impl=path:<mutant> -x --hypothesis-profile=mutation``;
3. **cpython**: ``python -m unittest -f test.test_socketserver`` (CPython's own test, installed
   with the interpreter) with the mutant's directory first on ``PYTHONPATH``, so its
   ``import socketserver`` gets the mutant.

A run that exits non-zero *killed* the mutant, exit 0 means it *survived*, and a run still going
after its time limit (``--time-limit``, ``--cpython-time-limit``) is *timed out* (its whole process group is killed).  The kill rate
is killed / (killed + survived + timed out); timed-out mutants are detected too, but only by a
hang, which is shown apart.  A kill whose only failing tests failed by the per-test timeout
(pytest-timeout's, ``--test-timeout``: no clause was violated, the test simply ran out of time) is
still a kill, but it is counted apart too (the ``by timeout`` column): each such kill is a
hang the harness's own bounds should have turned into a clause verdict.  Before any mutant, both suites run once against the unmutated file:
a suite that fails there has no baseline and the run stops.

Survivors of our suite are listed with their location and with the verdict recorded for them in
``bench/survivors.py`` (equivalent mutant, or behaviour the documentation leaves open); one
without a recorded verdict is flagged as a gap to look at.  The longest single test our suite ran
(from its JSON report) is printed too.  Timing lives here, never in tests.

Our suite runs without shrinking by default (the ``mutation`` profile of ``bench/bench_profiles.py``):
a kill needs one failing example, not a minimal one.  ``--shrink`` selects ``mutation-shrink``,
the same with Hypothesis' shrink and explain phases on, as a user's run has them: it shows
whether any test, replaying a failure, outlives its timeout.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from socketserver_conformance import SUITE_DIR  # noqa: E402
from socketserver_conformance.plugin import PROFILES  # noqa: E402
from socketserver_conformance.spec import AREAS  # noqa: E402

import _mutagen  # noqa: E402  (bench/ is not a package)
import survivors  # noqa: E402

SUITES = ("ours", "cpython")
# With -x a killed mutant costs the time to its first failing test, so the areas whose tests
# exercise the most of a server run first (a fixed order: every mutant sees the same suite).
# Areas not named in BROAD_FIRST follow in the spec's order, so a new area is never left out.
BROAD_FIRST = ("api", "serving", "lifecycle", "framing", "binding", "threads", "clients", "forking", "model")
OUTCOMES = ("killed", "survived", "timed out")


def area_order() -> List[str]:
    """The spec's areas, BROAD_FIRST leading."""
    return [a for a in BROAD_FIRST if a in AREAS] + [a for a in AREAS if a not in BROAD_FIRST]


@dataclasses.dataclass
class Run:
    """One suite against one mutant."""

    outcome: str  # killed | survived | timed out | error
    seconds: float
    detail: str = ""  # what killed it (our failed clause, or CPython's failing test)
    by_timeout: bool = False  # ours, killed: every failing test failed by the per-test timeout alone
    longest: str = ""  # ours: the longest single test in the report (node id), and its seconds
    longest_s: float = 0.0


def _run_bounded(cmd: List[str], *, cwd: str, env: Dict[str, str], limit: float) -> "tuple[Optional[int], str, float]":
    """(exit status or None on timeout, combined output, seconds); kills the whole group on timeout."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=limit)
        return proc.returncode, out, time.monotonic() - started
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        return None, out, time.monotonic() - started
    finally:
        try:  # forked servers a mutant left behind share the session: take them down too
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _env(workdir: str, pythonpath: Optional[str] = None) -> Dict[str, str]:
    env = dict(os.environ, TMPDIR=workdir, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def imports(mutant_dir: str, workdir: str) -> Optional[str]:
    """None if the mutant imports as ``socketserver``; else the error's last line."""
    check = ("import socketserver, sys, os; "
             f"sys.exit(0 if os.path.dirname(os.path.abspath(socketserver.__file__)) == {mutant_dir!r} else 3)")
    status, out, _ = _run_bounded([sys.executable, "-c", check], cwd=workdir,
                                  env=_env(workdir, mutant_dir), limit=30)
    if status == 0:
        return None
    lines = out.strip().splitlines()
    return lines[-1] if lines else f"exit status {status}"


def run_ours(path: str, workdir: str, args: argparse.Namespace) -> Run:
    report = os.path.join(workdir, "report.json")
    modules = [os.path.join(SUITE_DIR, f"test_{area}.py") for area in area_order()]
    profile = (f"--conformance-profile={args.profile}" if args.profile in PROFILES
               else f"--hypothesis-profile={args.profile}")
    cmd = [sys.executable, "-m", "pytest", *modules, f"--impl=path:{path}", "-x", "-q",
           "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "bench_profiles", profile,
           f"--conformance-timeout={args.test_timeout}", f"--conformance-report={report}",
           f"--rootdir={ROOT}", "-c", os.path.join(ROOT, "pyproject.toml")]
    status, out, seconds = _run_bounded(cmd, cwd=workdir, env=_env(workdir, HERE), limit=args.time_limit)
    if status is None:
        return Run("timed out", seconds)
    data: Dict[str, object] = {}
    if os.path.exists(report):
        with open(report) as f:
            data = json.load(f)
    tests = list(data.get("tests", []))
    longest = max(tests, key=lambda t: t.get("duration_s", 0.0), default={})
    timing = dict(longest=longest.get("nodeid", ""), longest_s=round(longest.get("duration_s", 0.0), 2))
    if status == 0:
        return Run("survived", seconds, **timing)
    if status == 1:
        failed = [c["id"] for c in data.get("clauses", []) if c["outcome"] == "failed"]
        return Run("killed", seconds, ",".join(failed) or _first_failure(out),
                   by_timeout=timeout_only(tests, out), **timing)
    return Run("error", seconds, f"pytest exit {status}: {_tail(out)}", **timing)


def _is_timeout(message: str) -> bool:
    """Whether a test's failure message is pytest-timeout's ("Failed: Timeout >20.0s") and not a
    clause's (a harness bound that ran out fails its clause, with another message)."""
    return "from pytest-timeout" in message or "Timeout >" in message


def timeout_only(tests: Sequence[Dict[str, object]], out: str = "") -> bool:
    """Whether every failing test of a killed run failed by the per-test timeout, no clause
    violated.  Without a report, pytest's own output is read (its FAILED lines)."""
    failing = [t for t in tests if t.get("outcome") == "failed"]
    if failing:
        return all(not t.get("violated") and _is_timeout(str(t.get("message", ""))) for t in failing)
    lines = [line for line in out.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return bool(lines) and all("Timeout" in line for line in lines)


def run_cpython(mutant_dir: str, workdir: str, args: argparse.Namespace) -> Run:
    cmd = [sys.executable, "-m", "unittest", "-f", "test.test_socketserver"]
    status, out, seconds = _run_bounded(cmd, cwd=workdir, env=_env(workdir, mutant_dir),
                                        limit=args.cpython_time_limit)
    if status is None:
        return Run("timed out", seconds)
    if status == 0:
        return Run("survived", seconds)
    if status == 1:
        return Run("killed", seconds, _first_failure(out))
    return Run("error", seconds, f"unittest exit {status}: {_tail(out)}")


def _first_failure(out: str) -> str:
    for line in out.splitlines():
        if line.startswith(("FAILED ", "ERROR: ", "FAIL: ")):
            return line.split(" - ")[0][:120]
    return _tail(out)


def _tail(out: str) -> str:
    lines = out.strip().splitlines()
    return lines[-1][:160] if lines else ""


def judge(mutant: _mutagen.Mutant, source: str, scratch: str, args: argparse.Namespace) -> Dict[str, object]:
    """Write, import-check and run every chosen suite against one mutant."""
    workdir = tempfile.mkdtemp(prefix=mutant.id.replace("@", "-").replace(":", "-").replace("/", "-") + "-",
                               dir=scratch)
    try:
        mutant_dir = os.path.join(workdir, "mutant")
        os.mkdir(mutant_dir)
        path = os.path.join(mutant_dir, "socketserver.py")
        with open(path, "w") as f:
            f.write(mutant.apply(source) if mutant is not None else source)
        result: Dict[str, object] = {"id": mutant.id, "where": mutant.describe()}
        problem = imports(mutant_dir, workdir)
        if problem is not None:
            result["import_error"] = problem
            return result
        for suite in args.suites:
            run = run_ours(path, workdir, args) if suite == "ours" else run_cpython(mutant_dir, workdir, args)
            result[suite] = dataclasses.asdict(run)
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def baseline(source: str, scratch: str, args: argparse.Namespace) -> List[str]:
    """Problems with the unmutated file: every suite must pass it, or its kills mean nothing."""
    unmutated = _mutagen.Mutant("unmutated", "none", 0, 0, "", "", (1, 0, 1, 0))
    result = judge(unmutated, source, scratch, args)
    if "import_error" in result:
        return [f"the unmutated file does not import: {result['import_error']}"]
    return [f"{suite} fails the unmutated file ({result[suite]['outcome']}: {result[suite]['detail']}); "
            f"fix that first" for suite in args.suites if result[suite]["outcome"] != "survived"]


def tally(results: Sequence[Dict[str, object]], suite: str) -> Dict[str, object]:
    runs = [r[suite] for r in results if suite in r]
    counts = {o: sum(1 for r in runs if r["outcome"] == o) for o in OUTCOMES + ("error",)}
    judged = counts["killed"] + counts["survived"] + counts["timed out"]
    by_timeout = sum(1 for r in runs if r["outcome"] == "killed" and r.get("by_timeout"))
    longest = max(runs, key=lambda r: r.get("longest_s", 0.0), default={})
    return dict(counts, judged=judged, by_timeout=by_timeout,
                longest_test=longest.get("longest", ""), longest_test_s=longest.get("longest_s", 0.0), seconds=round(sum(r["seconds"] for r in runs), 1),
                kill_rate=round(counts["killed"] / judged, 3) if judged else None,
                detected_rate=round((counts["killed"] + counts["timed out"]) / judged, 3) if judged else None)


def print_report(results: Sequence[Dict[str, object]], args: argparse.Namespace, wall: float, total: int) -> int:
    import_errors = [r for r in results if "import_error" in r]
    print(f"\n{len(results)} mutants of {args.file} (of {total}; seed {args.seed}; "
          f"operators {','.join(args.operators)}); {len(import_errors)} failed to import and are not counted")
    print(f"{'suite':<8} {'killed':>6} {'by timeout':>10} {'survived':>8} {'timed out':>9} {'error':>5} "
          f"{'kill rate':>9} {'detected':>8} {'cpu-s':>7}")
    for suite in args.suites:
        t = tally(results, suite)
        rate = "-" if t["kill_rate"] is None else f"{t['kill_rate']:.1%}"
        det = "-" if t["detected_rate"] is None else f"{t['detected_rate']:.1%}"
        by_timeout = t["by_timeout"] if suite == "ours" else "-"
        print(f"{suite:<8} {t['killed']:>6} {by_timeout:>10} {t['survived']:>8} {t['timed out']:>9} "
              f"{t['error']:>5} {rate:>9} {det:>8} {t['seconds']:>7}")
    print("(by timeout: of the kills, those whose failing tests all failed by the per-test timeout "
          f"({args.test_timeout:g} s), no clause violated)")
    if "ours" in args.suites:
        t = tally(results, "ours")
        if t["longest_test"]:
            print(f"longest test of ours: {t['longest_test_s']:.1f}s {t['longest_test']} "
                  f"(profile {args.profile}, per-test timeout {args.test_timeout:g} s)")
    print(f"wall time {wall:.1f}s with -j {args.jobs}")
    unexplained = 0
    known = survivors.VERDICTS if args.file_sha256 == survivors.FILE_SHA256 else {}
    if "ours" in args.suites:
        lost = [r for r in results if r.get("ours", {}).get("outcome") in ("survived", "error")]
        if lost:
            print("\nsurvivors of our suite:")
        for r in results:
            if r.get("ours", {}).get("outcome") == "killed" and r["ours"].get("by_timeout"):
                print(f"  killed only by the per-test timeout: {r['id']:<22} {r['where']}")
        for r in lost:
            verdict = known.get(r["id"])
            note = f"[{verdict[0]}] {verdict[1]}" if verdict else "NOT YET EXPLAINED: a gap to close or explain"
            unexplained += verdict is None
            other = r.get("cpython", {}).get("outcome", "-")
            print(f"  {r['id']:<22} {r['where']}\n      cpython: {other}; {note}")
    for r in import_errors:
        print(f"  import error {r['id']}: {r['import_error']}")
    for suite in args.suites:
        for r in results:
            if r.get(suite, {}).get("outcome") == "error":
                print(f"  {suite} error on {r['id']}: {r[suite]['detail']}")
    return unexplained


def main(argv: Sequence[str]) -> int:
    import socketserver
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=socketserver.__file__, help="the socketserver module to mutate")
    parser.add_argument("--sample", type=int, default=20, help="mutants to draw (0: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--suites", default="ours,cpython")
    parser.add_argument("--operators", default=",".join(_mutagen.OPERATORS))
    parser.add_argument("--profile", default="", help="Hypothesis profile for our suite (default: mutation)")
    parser.add_argument("--shrink", action="store_true",
                        help="shrink failures, as a user's run does (profile mutation-shrink)")
    parser.add_argument("--time-limit", type=float, default=150.0, help="seconds for our suite per mutant")
    parser.add_argument("--cpython-time-limit", type=float, default=30.0,
                        help="seconds for CPython's test per mutant (it passes in about 1 s)")
    parser.add_argument("--test-timeout", type=float, default=20.0, help="our per-test timeout (s)")
    parser.add_argument("--only", default="", help="comma-separated mutant IDs instead of a sample")
    parser.add_argument("--list", action="store_true", help="list the chosen mutants and stop")
    parser.add_argument("--json", default="", help="write every result here")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false",
                        help="skip the check that every suite passes the unmutated file")
    args = parser.parse_args(argv)
    if args.shrink and args.profile not in ("", "mutation-shrink"):
        parser.error(f"--shrink selects the profile mutation-shrink; it cannot go with --profile {args.profile}")
    args.profile = args.profile or ("mutation-shrink" if args.shrink else "mutation")
    args.suites = [s for s in args.suites.split(",") if s]
    args.operators = [o for o in args.operators.split(",") if o]
    bad = set(args.suites) - set(SUITES)
    if bad:
        parser.error(f"unknown suites {sorted(bad)}; choose from {', '.join(SUITES)}")
    with open(args.file, encoding="utf-8") as f:
        source = f.read()
    args.file_sha256 = hashlib.sha256(source.encode("utf-8")).hexdigest()
    try:
        population = _mutagen.mutants(source, args.operators)
    except ValueError as exc:
        parser.error(str(exc))
    if args.only:
        wanted = args.only.split(",")
        by_id = {m.id: m for m in population}
        missing = [w for w in wanted if w not in by_id]
        if missing:
            parser.error(f"no such mutant IDs {missing}; --list shows them")
        chosen = [by_id[w] for w in wanted]
    else:
        chosen = _mutagen.sample(population, args.sample or None, args.seed)
    if args.list:
        for m in chosen:
            print(f"{m.id:<22} {m.describe()}")
        print(f"{len(chosen)} of {len(population)} mutants")
        return 0
    scratch = tempfile.mkdtemp(prefix="ss-mutation-")
    started = time.monotonic()
    try:
        problems = baseline(source, scratch, args) if args.baseline else []
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 2
        results: List[Dict[str, object]] = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(judge, m, source, scratch, args): m for m in chosen}
            for done, fut in enumerate(concurrent.futures.as_completed(futures), 1):
                r = fut.result()
                results.append(r)
                verdicts = "  ".join(f"{s}={r[s]['outcome']} ({r[s]['seconds']:.0f}s"
                                     f"{', ' + r[s]['detail'][:40] if r[s]['outcome'] == 'killed' else ''}"
                                     f"{', by the per-test timeout' if r[s].get('by_timeout') else ''})"
                                     for s in args.suites if s in r) \
                    or "import error"
                print(f"[{done:>3}/{len(chosen)}] {r['id']:<22} {verdicts}", flush=True)
        wall = time.monotonic() - started
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    order = {m.id: i for i, m in enumerate(chosen)}
    results.sort(key=lambda r: order[r["id"]])
    unexplained = print_report(results, args, wall, len(population))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"file": args.file, "seed": args.seed, "sample": args.sample, "population": len(population),
                       "suites": args.suites, "profile": args.profile, "shrink": args.profile == "mutation-shrink", "wall_s": round(wall, 1),
                       "date": time.strftime("%Y-%m-%d"), "python": sys.version.split()[0],
                       "tally": {s: tally(results, s) for s in args.suites}, "results": results}, f, indent=1)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
