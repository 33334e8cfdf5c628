"""The detection-power benchmark's own parts: the mutant generator, the survivor verdicts, and
one end-to-end run of bench/mutation.py on a single mutant per suite."""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import socketserver
import subprocess
import sys

import pytest

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
sys.path.insert(0, BENCH)

import _mutagen  # noqa: E402
import survivors  # noqa: E402

TOY = '''"""Module docstring: never mutated."""
__all__ = ["f", "g"]
__all__.extend(["h"])


def f(a, b):
    """Docstring: never mutated."""
    total = a + b
    try:
        if a < b and b != 3:
            return True
    finally:
        total -= 1
    while total > 0:
        total = total - 1
    return None if total else 1.5
'''

with open(socketserver.__file__, encoding="utf-8") as _f:
    STDLIB = _f.read()


def _changed_lines(before: str, after: str):
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b), "a mutant must keep the file's line count (locations stay true)"
    return [i + 1 for i, (x, y) in enumerate(zip(a, b)) if x != y]


def test_each_operator_finds_its_mutations_in_a_toy():
    ops = {m.operator for m in _mutagen.mutants(TOY)}
    assert ops == set(_mutagen.OPERATORS), f"operators that found nothing: {set(_mutagen.OPERATORS) - ops}"


def test_mutants_change_one_place_and_compile():
    for source in (TOY, STDLIB):
        found = _mutagen.mutants(source)
        assert len({m.id for m in found}) == len(found), "mutant IDs must be unique"
        for m in found:
            text = m.apply(source)
            compile(text, m.id, "exec")
            changed = _changed_lines(source, text)
            assert changed and changed[0] == m.line and changed[-1] <= m.end_line, (m.id, changed)


def test_docstrings_and_dunder_all_are_never_mutated():
    for m in _mutagen.mutants(TOY):
        text = m.apply(TOY)
        assert text.count("never mutated") == 2 and '__all__ = ["f", "g"]' in text, m.id
        assert '["h"]' in text or (m.operator, m.replacement) == ("delete", "pass"), m.id
    assert any(m.original.startswith("__all__.extend") for m in _mutagen.mutants(TOY)), \
        "the statement that extends __all__ may be deleted (it changes the API), only its strings are kept"


def test_specific_mutations():
    by_desc = {(m.original, m.replacement.rstrip("\n")) for m in _mutagen.mutants(TOY)}
    assert ("a < b", "(a <= b)") in by_desc
    assert ("b != 3", "(b == 3)") in by_desc
    assert ("a < b and b != 3", "(not (a < b and b != 3))") in by_desc
    assert ("a < b and b != 3", "(a < b or b != 3)") in by_desc
    assert ("total - 1", "(total + 1)") in by_desc
    assert ("True", "False") in by_desc and ("1.5", "2.5") in by_desc
    assert ("total -= 1", "pass") in by_desc  # the finally body, as 'finally' and as 'delete'
    assert any(m.operator == "finally" and m.original == "total -= 1" for m in _mutagen.mutants(TOY))


def test_sample_is_seeded_and_in_source_order():
    population = _mutagen.mutants(STDLIB)
    one = _mutagen.sample(population, 20, seed=7)
    assert [m.id for m in one] == [m.id for m in _mutagen.sample(population, 20, seed=7)]
    assert [m.id for m in one] != [m.id for m in _mutagen.sample(population, 20, seed=8)]
    assert len(one) == 20 and one == sorted(one, key=lambda m: (m.line, m._span[1], m.id))
    assert len(_mutagen.sample(population, None, seed=0)) == len(population)


def test_unknown_operator_says_what_is_valid():
    with pytest.raises(ValueError, match="choose from compare"):
        _mutagen.mutants(TOY, ["compare", "swap-everything"])


def test_survivor_verdicts_name_real_mutants_with_reasons():
    assert all(v[0] in survivors.CATEGORIES and len(v[1]) > 20 for v in survivors.VERDICTS.values())
    if hashlib.sha256(STDLIB.encode()).hexdigest() != survivors.FILE_SHA256:
        pytest.skip("the verdicts are for CPython 3.11.7's socketserver.py, not this interpreter's")
    ids = {m.id for m in _mutagen.mutants(STDLIB)}
    assert set(survivors.VERDICTS) <= ids, f"verdicts for no mutant: {sorted(set(survivors.VERDICTS) - ids)}"


# constant@528:23 is UDPServer.allow_reuse_address = False flipped to True: CPython's test
# catches it, and our suite's first API test does, in seconds.
QUICK_KILL = "constant@528:23"


def test_end_to_end_one_mutant(tmp_path):
    if hashlib.sha256(STDLIB.encode()).hexdigest() != survivors.FILE_SHA256:
        pytest.skip("the mutant ID is a position in CPython 3.11.7's socketserver.py")
    out = tmp_path / "result.json"
    proc = subprocess.run([sys.executable, os.path.join(BENCH, "mutation.py"), "--only", QUICK_KILL,
                           "--no-baseline", "-j", "1", "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(out.read_text())
    (row,) = result["results"]
    assert row["ours"]["outcome"] == "killed" and row["ours"]["detail"] == "API-12", row
    assert row["cpython"]["outcome"] == "killed", row
    assert result["tally"]["ours"]["kill_rate"] == 1.0
    assert "ours" in proc.stdout and "kill rate" in proc.stdout
    # A kill on a clause is no kill by the per-test timeout; the column is there all the same.
    assert row["ours"]["by_timeout"] is False and result["tally"]["ours"]["by_timeout"] == 0, row
    assert "by timeout" in proc.stdout and "longest test of ours" in proc.stdout, proc.stdout
    assert row["ours"]["longest"] and result["profile"] == "mutation" and result["shrink"] is False


def test_kills_by_the_per_test_timeout_are_told_apart():
    import mutation
    by_clause = {"outcome": "failed", "violated": ["LOOP-1"], "message": "LOOP-1: shutdown() did not return"}
    by_timeout = {"outcome": "failed", "violated": [],
                  "message": "Failed: Timeout (>20.0s) from pytest-timeout.\nreproduce: pytest ..."}
    passed = {"outcome": "passed", "violated": [], "message": ""}
    assert mutation.timeout_only([passed, by_timeout])
    assert not mutation.timeout_only([by_timeout, by_clause])
    assert not mutation.timeout_only([dict(by_timeout, violated=["LOOP-1"])])  # a bound that failed its clause
    assert not mutation.timeout_only([passed], "FAILED conformance/x.py::t - AssertionError")
    assert mutation.timeout_only([], "FAILED conformance/x.py::t - Failed: Timeout (>20.0s) from pytest-timeout.")
    killed = [{"ours": dict(outcome="killed", seconds=1.0, by_timeout=t, longest="t", longest_s=s)}
              for t, s in ((True, 20.5), (False, 1.0))]
    tally = mutation.tally(killed, "ours")
    assert tally["killed"] == 2 and tally["by_timeout"] == 1 and tally["kill_rate"] == 1.0
    assert tally["longest_test_s"] == 20.5


def test_shrink_selects_the_shrinking_profile():
    importlib.import_module("bench_profiles")  # registers the profiles
    from hypothesis import Phase, settings
    assert Phase.shrink in settings.get_profile("mutation-shrink").phases
    assert Phase.shrink not in settings.get_profile("mutation").phases
    proc = subprocess.run([sys.executable, os.path.join(BENCH, "mutation.py"), "--shrink", "--profile", "quick",
                           "--list"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "--shrink selects the profile mutation-shrink" in proc.stderr, proc.stderr


def test_baseline_and_import_errors(tmp_path):
    # CPython's test alone keeps this fast; the baseline and import check are the same code for both.
    broken = tmp_path / "socketserver.py"
    broken.write_text(STDLIB.replace("import socket\n", "import socket\nraise ImportError('boom')\n", 1))
    proc = subprocess.run([sys.executable, os.path.join(BENCH, "mutation.py"), "--file", str(broken),
                           "--suites", "cpython", "--sample", "1"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "does not import" in proc.stderr, proc.stdout + proc.stderr
    proc = subprocess.run([sys.executable, os.path.join(BENCH, "mutation.py"), "--suites", "cpython",
                           "--operators", "delete", "--only", "delete@1:0"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "no such mutant IDs" in proc.stderr
