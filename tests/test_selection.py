"""Selecting by clause (-k, --conformance-clause), area and level, and the time scale."""
from __future__ import annotations

import importlib
import inspect
import json
import pkgutil

import pytest

from socketserver_conformance import harness, kits
from socketserver_conformance.harness import bounds
from socketserver_conformance.spec import AREAS, CLAUSES, LEVELS

# Trivial tests: the plugin judges a clause by its tests' outcomes, whatever they do.
CLAUSE_TESTS = """
import pytest

@pytest.mark.spec("LIFE-3")
def test_life3(): pass

@pytest.mark.spec("LIFE-2", "LIFE-3")
def test_life2_and_3(): pass

@pytest.mark.spec("LIFE-2")
def test_life2(): pass

@pytest.mark.spec("API-1")
def test_api1(): pass

@pytest.mark.spec("FORK-1")
def test_fork1(): pass

@pytest.mark.spec("FORK-10")
def test_fork10(): pass

@pytest.mark.spec("FORK-11")
def test_fork11(): pass

def test_not_a_conformance_test(): pass
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def collected(pytester: pytest.Pytester, *args: str) -> set:
    result = run(pytester, "--collect-only", "-q", *args)
    assert result.ret == 0, result.stdout.str() + result.stderr.str()
    return {line.split("::")[1] for line in result.outlines if "::" in line}


def test_k_matches_clause_ids(pytester):
    pytester.makepyfile(test_x=CLAUSE_TESTS)
    assert collected(pytester, "-k", "LIFE-3") == {"test_life3", "test_life2_and_3"}
    assert collected(pytester, "-k", "life-2") == {"test_life2", "test_life2_and_3"}  # -k ignores case
    assert collected(pytester, "-k", "FORK and not FORK-11") == {"test_fork1", "test_fork10"}
    # -k matches substrings: FORK-1 also names FORK-10 and FORK-11 ...
    assert collected(pytester, "-k", "FORK-1") == {"test_fork1", "test_fork10", "test_fork11"}
    # ... --conformance-clause matches exactly.
    assert collected(pytester, "--conformance-clause=FORK-1") == {"test_fork1", "test_not_a_conformance_test"}
    assert collected(pytester, "--conformance-clause=fork-10,LIFE-2") == {
        "test_fork10", "test_life2", "test_life2_and_3", "test_not_a_conformance_test"}


def test_area_and_level_select_and_have_ini_twins(pytester):
    pytester.makepyfile(test_x=CLAUSE_TESTS)
    other = {"test_not_a_conformance_test"}  # not ours to deselect
    assert collected(pytester, "--conformance-area=lifecycle") == {"test_life3", "test_life2", "test_life2_and_3"} | other
    assert collected(pytester, "--conformance-area=api, forking") == {
        "test_api1", "test_fork1", "test_fork10", "test_fork11"} | other
    assert CLAUSES["FORK-11"].level == "cpython"
    assert collected(pytester, "--conformance-level=cpython") == {"test_fork11"} | other
    assert collected(pytester, "--conformance-area=forking", "--conformance-level=documented") == {
        "test_fork1", "test_fork10"} | other
    pytester.makeini("[pytest]\nconformance_area = api\n")
    assert collected(pytester) == {"test_api1"} | other


@pytest.mark.parametrize("option, valid", [("--conformance-area=lifecycle,nope", AREAS),
                                           ("--conformance-level=promised", LEVELS),
                                           ("--conformance-clause=LIFE-3,NOPE-1", None)])
def test_unknown_area_level_or_clause_is_a_usage_error_listing_valid_ones(pytester, option, valid):
    pytester.makepyfile(test_x=CLAUSE_TESTS)
    result = run(pytester, option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    err = result.stderr.str()
    assert option.split("=")[0] in err and option.split(",")[-1].split("=")[-1] in err
    if valid is not None:
        assert ", ".join(valid) in err


def test_deselected_clauses_are_untested_and_verdicts_do_not_change(pytester):
    pytester.makepyfile(test_x=CLAUSE_TESTS)

    def report(*args: str) -> dict:
        path = pytester.path / "report.json"
        result = run(pytester, f"--conformance-report={path}", *args)
        assert result.ret == 0, result.stdout.str()
        return json.loads(path.read_text())

    everything = {c["id"]: c["outcome"] for c in report()["clauses"]}
    assert everything["API-1"] == everything["LIFE-3"] == "passed"
    for args in (["--conformance-area=api"], ["-k", "API-1"]):
        rep = report(*args)
        outcomes = {c["id"]: c["outcome"] for c in rep["clauses"]}
        assert outcomes["API-1"] == everything["API-1"]
        assert [t["clauses"] for t in rep["tests"]] == [["API-1"]]
        assert set(rep["untested"]) == set(CLAUSES) - {"API-1"}
        assert all(outcomes[c] == "untested" for c in ("LIFE-2", "LIFE-3", "FORK-1"))
    assert rep["selection"] == {} and report("--conformance-area=api")["selection"] == {"areas": ["api"]}


# -- the time scale ---------------------------------------------------------------------------
SCALE_TEST = """
import os
import pytest
from socketserver_conformance.harness import HarnessTimeout, Recorder, bounds

@pytest.mark.spec("API-1")
def test_scaled(request):
    expected = float(os.environ["EXPECTED_SCALE"])
    assert bounds.scale == expected
    assert bounds.soon == pytest.approx(5.0 * expected)
    assert bounds.margin == pytest.approx(0.5 * expected)
    # The per-test timeout default (pytest-timeout) is scaled too.
    assert request.node.get_closest_marker("timeout").args[0] == pytest.approx(120 * expected)
    # A default timeout is read when the wait starts, not when the harness was imported.
    if bounds.soon < 1:
        with pytest.raises(HarnessTimeout, match="waited %s s" % bounds.soon):
            Recorder().wait_count("never")
"""


@pytest.mark.parametrize("where", [[], ["-n", "1"]], ids=["in-process", "xdist-worker"])
def test_time_scale_reaches_the_harness(pytester, monkeypatch, where):
    pytester.makepyfile(test_x=SCALE_TEST)
    monkeypatch.setenv("EXPECTED_SCALE", "0.02")
    path = pytester.path / "report.json"
    result = run(pytester, "--conformance-time-scale=0.02", f"--conformance-report={path}", *where)
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*1 passed*"])
    assert json.loads(path.read_text())["time_scale"] == 0.02


def test_time_scale_has_an_ini_twin_and_defaults_to_1(pytester, monkeypatch):
    pytester.makepyfile(test_x=SCALE_TEST)
    monkeypatch.setenv("EXPECTED_SCALE", "1")
    assert run(pytester).ret == 0
    pytester.makeini("[pytest]\nconformance_time_scale = 0.03\n")
    monkeypatch.setenv("EXPECTED_SCALE", "0.03")
    result = run(pytester)
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["conformance: time scale 0.03*"])


@pytest.mark.parametrize("value", ["0", "-2", "fast", "inf", "nan"])
def test_bad_time_scale_is_a_usage_error(pytester, value):
    pytester.makepyfile(test_x=SCALE_TEST)
    result = run(pytester, f"--conformance-time-scale={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*--conformance-time-scale={value}*"])


def test_an_in_process_run_puts_the_scale_back(pytester):
    pytester.makepyfile(test_x="def test_nothing(): pass\n")
    before = bounds.scale
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--conformance-time-scale=3")
    assert result.ret == 0
    assert bounds.scale == before


def _modules(package):
    yield package
    for info in pkgutil.iter_modules(package.__path__):
        yield importlib.import_module(f"{package.__name__}.{info.name}")


def _is_wait(name: str) -> bool:  # pauses and poll intervals are the scenario's, not bounds
    return any(word in name for word in ("timeout", "grace", "within", "wait", "limit"))


def test_no_bound_is_frozen_at_import():
    """A timeout default or module constant holds its import-time value: the scale comes later."""
    with pytest.raises(ImportError, match="bounds.soon"):
        getattr(harness, "SOON")  # what `from ...harness import SOON` asks for
    frozen = []
    for module in [*_modules(harness), *_modules(kits)]:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            frozen.extend(f"{module.__name__}.{name}({p.name}={p.default})"
                          for p in inspect.signature(fn).parameters.values()
                          if isinstance(p.default, float) and _is_wait(p.name))
        for _, cls in inspect.getmembers(module, inspect.isclass):
            for name, fn in inspect.getmembers(cls, inspect.isfunction):
                frozen.extend(f"{module.__name__}.{cls.__name__}.{name}({p.name}={p.default})"
                              for p in inspect.signature(fn).parameters.values()
                              if isinstance(p.default, float) and _is_wait(p.name))
    assert not frozen, "use None and bounds.or_soon(...): " + ", ".join(sorted(set(frozen)))
