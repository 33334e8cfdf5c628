"""The pytest plugin: ``--impl``, the ``spec`` marker, profiles, leak checks, reports.

Registered through the ``pytest11`` entry point ``socketserver_conformance``.  It is inert
for tests that carry no ``spec`` marker, so it can stay installed next to other suites.
"""
from __future__ import annotations

import dataclasses
import json
import os
import platform
import sys
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.errors import Flaky

from socketserver_conformance import SUITE_DIR
from socketserver_conformance.adapters import Implementation, ImplementationError, resolve
from socketserver_conformance.harness._bounds import TEST_TIMEOUT_S, bounds
from socketserver_conformance.harness._leaks import Leak, Snapshot, leaks_since
from socketserver_conformance.harness._background import interruptions, use_interrupts_of
from socketserver_conformance.harness._threads import use_threads_of
from socketserver_conformance._deviations import DeviationsError, load_deviations, render_deviations
from socketserver_conformance._replays import replay_budget
from socketserver_conformance._settings import Selection, contract_of, setting, time_scale
from socketserver_conformance._report import (
    AUTO,
    PROP_CLAUSES,
    PROP_COMPLETE,
    PROP_DEVIATION,
    PROP_EXCLUDED,
    PROP_UNJUDGED_LEAKS,
    PROP_VIOLATION,
    Outcomes,
    build_report,
    contract_fit,
    contract_text,
    summary_lines,
)
from socketserver_conformance.harness._violations import (
    ClauseViolation,
    ClauseViolations,
    ImplementationExited,
    judging,
)
from socketserver_conformance.spec import AREAS, CLAUSES, LEVELS, lookup

EMPTY_SNAPSHOT = Snapshot(frozenset(), frozenset(), frozenset())

# -- Hypothesis profiles --------------------------------------------------------------------
# Registered under names of our own, and loaded only around conformance tests (see
# _SuiteProfile): Hypothesis' own "default" profile, and the settings any other test in the
# same session runs with, stay as they are.
#: What every profile of the suite shares: servers make examples slow and fixtures per test.
BASE_SETTINGS = settings(deadline=None, print_blob=True,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                HealthCheck.data_too_large])
PROFILES: Dict[str, int] = {"quick": 5, "default": 20, "thorough": 150}  # max_examples


def profile_id(name: str) -> str:
    """The Hypothesis profile name under which the suite's profile ``name`` is registered."""
    return f"socketserver-conformance.{name}"


for _name, _examples in PROFILES.items():
    settings.register_profile(profile_id(_name), BASE_SETTINGS, max_examples=_examples)

IMPL_KEY = pytest.StashKey[Implementation]()
OUTCOMES_KEY = pytest.StashKey[Outcomes]()
STARTED_KEY = pytest.StashKey[float]()
SESSION_SNAPSHOT_KEY = pytest.StashKey[Snapshot]()
SESSION_LEAKS_KEY = pytest.StashKey[List[str]]()
PROFILE_KEY = pytest.StashKey["_SuiteProfile"]()
OBSERVED_KEY = pytest.StashKey[List[str]]()  # declared deviations a test observed and went on past
COMPLETE_KEY = pytest.StashKey[bool]()        # the body finished; a check after it failed
UNJUDGED_KEY = pytest.StashKey[str]()         # what a hung call the harness ended left behind
ACCOUNTED_KEY = pytest.StashKey[Snapshot]()   # left behind by tests, already judged
CONTRACT_KEY = pytest.StashKey[Optional[Tuple[int, int]]]()  # None: --contract=auto
SELECTION_KEY = pytest.StashKey["Selection"]()
SCALE_KEY = pytest.StashKey[float]()          # bounds.scale before this run set it (put back at the end)
HUNG_KEY = pytest.StashKey[bool]()  # the outer process's bounds.shutdown_hung, restored at the end
THREADS_KEY = pytest.StashKey[Callable[[], None]]()  # puts back the outer process's count of threads
INTERRUPTS_KEY = pytest.StashKey[Callable[[], None]]()  # puts back how the outer process ends hung calls

DEFAULT_TIMEOUT_S = TEST_TIMEOUT_S  # at time scale 1

# One description per setting, shared by the command-line option and its ini twin.
HELP_IMPL = ("implementation under test: a registered name (default: stdlib), module:DOTTED.NAME "
             "or path:FILE.py")
HELP_PROFILE = (f"the suite's Hypothesis profile: {' | '.join(PROFILES)} (default: default); "
                "an explicit --hypothesis-profile takes precedence")
HELP_REPORT = "write the JSON conformance report to this path"
HELP_TIMEOUT = (f"per-test timeout (s) for conformance tests without their own (default {DEFAULT_TIMEOUT_S:g} "
                "times the time scale)")
HELP_TIME_SCALE = ("multiply every bounded wait and timeout of the harness by this factor (> 0, default 1), "
                   "for slow runtimes")
HELP_AREA = f"run only the tests of clauses in these areas (comma-separated): {', '.join(AREAS)}"
HELP_LEVEL = f"run only the tests of clauses of these levels (comma-separated): {', '.join(LEVELS)}"
HELP_CLAUSE = ("run only the tests of these clauses (comma-separated IDs, matched exactly: FORK-1 is not "
               "FORK-10, unlike -k)")
HELP_CONTRACT = ("the Python version (X.Y) whose socketserver contract the run applies; default: the one "
                 "the implementation follows (its adapter or CONFORMANCE_PYTHON), else this interpreter's; "
                 f"{AUTO}: judge every clause and report the newest version fully met")
HELP_DEVIATIONS = "a TOML file of clauses the implementation knowingly breaks (clause ID = reason)"
HELP_WRITE_DEVIATIONS = "write a starting deviations file (every failed clause) to this path after the run"
HELP_STRICT_DEVIATIONS = "fail the run when a known deviation passes (stale) or names no clause (unknown)"
HELP_LEAK_CHECK = "fail conformance tests that leave threads, sockets, children or socket files behind"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "socketserver conformance")
    group.addoption("--impl", dest="conformance_impl", default=None, metavar="NAME", help=HELP_IMPL)
    group.addoption("--conformance-profile", dest="conformance_profile", default=None,
                    choices=list(PROFILES), help=HELP_PROFILE)
    group.addoption("--conformance-report", dest="conformance_report", default=None, metavar="PATH",
                    help=HELP_REPORT)
    group.addoption("--contract", dest="conformance_contract", default=None, metavar="X.Y", help=HELP_CONTRACT)
    group.addoption("--deviations", dest="conformance_deviations", default=None, metavar="FILE",
                    help=HELP_DEVIATIONS)
    group.addoption("--write-deviations", dest="conformance_write_deviations", default=None, metavar="FILE",
                    help=HELP_WRITE_DEVIATIONS)
    group.addoption("--strict-deviations", dest="conformance_strict_deviations", action="store_true",
                    default=None, help=HELP_STRICT_DEVIATIONS)
    group.addoption("--conformance-timeout", dest="conformance_timeout", type=float, default=None,
                    metavar="SECONDS", help=HELP_TIMEOUT)
    group.addoption("--no-leak-check", dest="conformance_leak_check", action="store_false", default=None,
                    help=HELP_LEAK_CHECK + " (the option turns it off)")
    group.addoption("--conformance-time-scale", dest="conformance_time_scale", default=None, metavar="F",
                    help=HELP_TIME_SCALE)
    group.addoption("--conformance-area", dest="conformance_area", default=None, metavar="AREA[,AREA...]",
                    help=HELP_AREA)
    group.addoption("--conformance-level", dest="conformance_level", default=None, metavar="LEVEL[,LEVEL...]",
                    help=HELP_LEVEL)
    group.addoption("--conformance-clause", dest="conformance_clause", default=None, metavar="ID[,ID...]",
                    help=HELP_CLAUSE)
    parser.addini("conformance_impl", HELP_IMPL, default="stdlib")
    parser.addini("conformance_profile", HELP_PROFILE, default="default")
    parser.addini("conformance_report", HELP_REPORT, default="")
    parser.addini("conformance_contract", HELP_CONTRACT, default="")
    parser.addini("conformance_deviations", HELP_DEVIATIONS, default="")
    parser.addini("conformance_write_deviations", HELP_WRITE_DEVIATIONS, default="")
    parser.addini("conformance_strict_deviations", HELP_STRICT_DEVIATIONS, type="bool", default=False)
    parser.addini("conformance_timeout", HELP_TIMEOUT, default="")
    parser.addini("conformance_leak_check", HELP_LEAK_CHECK, type="bool", default=True)
    parser.addini("conformance_time_scale", HELP_TIME_SCALE, default="1")
    parser.addini("conformance_area", HELP_AREA, default="")
    parser.addini("conformance_level", HELP_LEVEL, default="")
    parser.addini("conformance_clause", HELP_CLAUSE, default="")


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


@pytest.hookimpl(tryfirst=True)  # before other plugins configure: the implementation's prepare() patches
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spec(*clause_ids): the clauses of socketserver_conformance.spec this test checks; "
                   "every conformance test carries it")
    scale = time_scale(config)
    config.stash[SELECTION_KEY] = Selection.of(config)
    config.stash[SCALE_KEY] = bounds.scale
    config.stash[HUNG_KEY] = bounds.shutdown_hung
    bounds.scale = scale  # in every process: pytest_configure runs in each xdist worker too
    bounds.shutdown_hung = False  # a run's own finding (an in-process run of tests/ starts afresh)
    value = setting(config, "conformance_impl") or "stdlib"
    try:
        impl = resolve(value)
    except ImplementationError as exc:
        raise pytest.UsageError(f"--impl: {exc}") from None
    if impl.prepare is not None and (_is_worker(config) or config.getoption("dist", "no") == "no"):
        impl.prepare(config)  # a process that runs tests (an xdist worker, or no xdist): patch it now
    config.stash[THREADS_KEY] = use_threads_of(impl.api)  # whose threads the recorder names
    config.stash[INTERRUPTS_KEY] = use_interrupts_of(impl.interruptible)  # how a hung helper call is ended
    contract = contract_of(config, impl)
    config.stash[CONTRACT_KEY] = contract
    path = setting(config, "conformance_deviations")
    if path:
        try:
            from_file = load_deviations(path, contract=contract)
        except DeviationsError as exc:
            raise pytest.UsageError(f"--deviations: {exc}") from None
        impl = dataclasses.replace(impl, deviations={**impl.deviations, **from_file})
    config.stash[IMPL_KEY] = impl
    profile = setting(config, "conformance_profile") or "default"
    if profile not in PROFILES:
        raise pytest.UsageError(f"conformance_profile = {profile!r}: choose one of {', '.join(PROFILES)}")
    config.stash[PROFILE_KEY] = _SuiteProfile(
        None if config.getoption("hypothesis_profile", None) else profile_id(profile))
    seed = config.getoption("hypothesis_seed", None)
    scale_arg = f" --conformance-time-scale={scale:g}" if scale != 1 else ""
    contract_arg = f" --contract={contract_text(contract)}" if setting(config, "conformance_contract") else ""
    config.stash[OUTCOMES_KEY] = Outcomes(f"pytest '{{nodeid}}' --impl={impl.name}{contract_arg}{scale_arg} {_profile_args(config)}"
                                          + (f" --hypothesis-seed={seed}" if seed is not None else ""))
    config.stash[STARTED_KEY] = time.monotonic()
    config.stash[SESSION_LEAKS_KEY] = []
    if not _is_worker(config):
        config.pluginmanager.register(_Gatherer(config), "conformance-gatherer")
        if config.pluginmanager.hasplugin("xdist"):
            config.pluginmanager.register(_WorkerLeaks(config), "conformance-worker-leaks")
        if getattr(config.option, "xmlpath", None):  # --junitxml: plain strings, the schema's shape
            from socketserver_conformance._junit import PLUGIN_NAME, JUnit
            from socketserver_conformance._report import suite_info

            config.pluginmanager.register(JUnit(config, impl.name, {
                "implementation": impl.name, "implementation_version": impl.version,
                "contract": contract_text(contract), "profile": profile_name(config), "python": platform.python_version(),
                "suite_version": suite_info()["version"], "suite_commit": suite_info()["commit"],
                "seed": seed}), PLUGIN_NAME)


def pytest_unconfigure(config: pytest.Config) -> None:
    previous = config.stash.get(SCALE_KEY, None)
    if previous is not None:  # an in-process run (pytester) leaves the outer process as it was
        bounds.scale = previous
        bounds.shutdown_hung = config.stash.get(HUNG_KEY, False)
    config.stash.get(THREADS_KEY, lambda: None)()
    config.stash.get(INTERRUPTS_KEY, lambda: None)()


def profile_name(config: pytest.Config) -> str:
    """The profile conformance tests run with: the user's --hypothesis-profile, else ours."""
    return config.getoption("hypothesis_profile", None) or setting(config, "conformance_profile") or "default"


def _profile_args(config: pytest.Config) -> str:
    if config.getoption("hypothesis_profile", None):
        return f"--hypothesis-profile={profile_name(config)}"
    return f"--conformance-profile={profile_name(config)}"


class _SuiteProfile:
    """Loads the suite's Hypothesis profile while a module of the suite is imported, and puts
    back the profile everything else uses right after.

    ``@given`` and ``@settings`` take their settings from ``settings.default`` when the test
    module is imported, so that moment decides: the suite's tests run with its profile, and
    any other module in the same session (collected before or after) keeps its own.
    """

    def __init__(self, ours: Optional[str]) -> None:
        self.ours = ours              # None: the user chose a Hypothesis profile for everything
        self.outside: Optional[str] = None

    def enter(self) -> None:
        if self.ours is None:
            return
        if self.outside is None:
            self.outside = "socketserver-conformance.outside"
            settings.register_profile(self.outside, settings.default)
        settings.load_profile(self.ours)

    def leave(self) -> None:
        if self.outside is not None:
            settings.load_profile(self.outside)


def _in_suite_dir(path: Any) -> bool:
    return str(path).startswith(SUITE_DIR + os.sep)


def _targets_suite(config: pytest.Config) -> bool:
    """Whether the command line names the suite's folder, a file in it, or a folder above it."""
    for arg in config.args:
        path = os.path.abspath(str(config.invocation_params.dir / arg.split("::")[0]))
        if path == SUITE_DIR or _in_suite_dir(path) or SUITE_DIR.startswith(path.rstrip(os.sep) + os.sep):
            return True
    return False


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[Any]:
    # A Module's collection is where it is imported (and its @given tests take their settings).
    if not (isinstance(collector, pytest.Module) and _in_suite_dir(collector.path)):
        return (yield)
    profile = collector.config.stash[PROFILE_KEY]
    profile.enter()
    try:
        return (yield)
    finally:
        profile.leave()


def header_lines(config: pytest.Config) -> List[str]:
    """The implementation, the interpreter, the profile: the first lines of every conformance run."""
    impl = config.stash[IMPL_KEY]
    lines = [f"conformance: implementation {impl.name} {impl.version} from {impl.source}",
             f"conformance: python {platform.python_version()} ({sys.platform}), "
             f"contract {contract_text(config.stash[CONTRACT_KEY])}, "
             f"hypothesis profile {profile_name(config)}, "
             f"capabilities {', '.join(sorted(impl.capabilities)) or 'none'}"]
    if bounds.scale != 1:
        lines.append(f"conformance: time scale {bounds.scale:g} (every bounded wait of the harness; "
                     f"the standard one is {bounds.soon:g} s)")
    selection = config.stash[SELECTION_KEY]
    if selection:
        lines.append("conformance: selected " + "; ".join(f"{k} {', '.join(v)}"
                                                         for k, v in selection.as_json().items()))
    if impl.deviations:
        lines.append(f"conformance: {len(impl.deviations)} known deviation(s): "
                     + ", ".join(sorted(impl.deviations)))
    return lines


def pytest_report_header(config: pytest.Config) -> List[str]:
    # Only for runs of the suite: another project's run in the same environment prints none.
    return header_lines(config) if _targets_suite(config) else []


# -- collection: validate clause IDs, tag items ---------------------------------------------
def _spec_ids(marks: Any) -> List[str]:
    ids: List[str] = []
    for mark in marks if isinstance(marks, list) else [marks]:
        if getattr(mark, "name", None) == "spec":
            ids.extend(mark.args)
    return ids


@pytest.hookimpl(wrapper=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> Iterator[Any]:
    result = yield
    unknown = [cid for cid in _spec_ids(getattr(obj, "pytestmark", [])) if cid not in CLAUSES]
    if unknown:
        raise collector.CollectError(
            f"{collector.nodeid}::{name} names unknown clause(s) {unknown} in @pytest.mark.spec; "
            f"use IDs defined in conformance/_spec/ (see socketserver_conformance.spec.CLAUSES)")
    return result


def item_clauses(item: pytest.Item) -> List[str]:
    return list(dict.fromkeys(cid for m in item.iter_markers("spec") for cid in m.args))


def _in_suite(item: pytest.Item) -> bool:
    path = str(getattr(item, "path", ""))
    return _in_suite_dir(path) and os.path.basename(path).startswith("test_")


def pytest_itemcollected(item: pytest.Item) -> None:
    # -k matches clause IDs (case-insensitive substrings, as every -k name: FORK-1 also matches
    # FORK-10; --conformance-clause matches exactly).  Added at collection, before -k deselects.
    item.extra_keyword_matches.update(item_clauses(item))


def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    unmarked, unknown = [], []
    explicit = setting(config, "conformance_timeout")  # an explicit timeout is taken as given
    timeout = float(explicit) if explicit not in (None, "") else bounds.test_timeout
    user_timeout = None
    if config.pluginmanager.hasplugin("timeout"):  # the user's --timeout / ini wins over ours
        user_timeout = config.getoption("timeout", None) or config.getini("timeout")
    for item in items:
        ids = item_clauses(item)
        if not ids:
            if _in_suite(item):
                unmarked.append(item.nodeid)
            continue
        unknown.extend(f"{item.nodeid}: {cid}" for cid in ids if cid not in CLAUSES)
        item.user_properties.append((PROP_CLAUSES, ids))
        excluded = _excluded(config.stash[CONTRACT_KEY], ids) if not unknown else {}
        if excluded:
            item.user_properties.append((PROP_EXCLUDED, excluded))
        reason = _skip_reason(config.stash[IMPL_KEY], config.stash[CONTRACT_KEY], ids) if not unknown else None
        if reason:  # missing API, capability or Python version: a skip that says which
            item.add_marker(pytest.mark.skip(reason=reason))
        if not user_timeout and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(timeout))
    if unknown:
        raise pytest.UsageError("unknown clause IDs in spec markers:\n  " + "\n  ".join(unknown))
    if unmarked:
        raise pytest.UsageError("conformance tests must name their clauses with @pytest.mark.spec(...):"
                                "\n  " + "\n  ".join(unmarked))
    selection = config.stash[SELECTION_KEY]
    if selection:  # tests without clauses (another project's) are not ours to deselect
        kept, dropped = [], []
        for item in items:
            ids = item_clauses(item)
            (kept if not ids or any(map(selection.picks, ids)) else dropped).append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept


# -- running: skips for missing API/capabilities, leak checks, clause attribution ----------
@pytest.fixture(scope="session")
def impl(pytestconfig: pytest.Config) -> Implementation:
    """The implementation under test (chosen with --impl)."""
    return pytestconfig.stash[IMPL_KEY]


def _contract_reason(contract: Optional[Tuple[int, int]], cid: str) -> Optional[str]:
    """Why clause ``cid`` is not part of the run's contract (None when it is, and always
    under --contract=auto)."""
    clause = lookup(cid)
    if contract is None or clause.holds_for(contract):
        return None
    return f"{cid} holds for {clause.versions}; the run applies contract {contract[0]}.{contract[1]}"


def _skip_reason(impl: Implementation, contract: Optional[Tuple[int, int]], clause_ids: List[str]) -> Optional[str]:
    """Why a test of ``clause_ids`` cannot run: the API or a capability it needs is missing,
    or none of its clauses is part of the contract.  A test with some clauses outside the
    contract still runs for the others (``_excluded``)."""
    for cid in clause_ids:
        clause = lookup(cid)
        missing = impl.missing(clause.api)
        if missing:
            return f"{impl.name} lacks {', '.join(missing)} (needed by {cid})"
        lacking = [c for c in clause.needs if c not in impl.capabilities]
        if lacking:
            return f"{impl.name} on this platform lacks capability {', '.join(lacking)} (needed by {cid})"
    reasons = [_contract_reason(contract, cid) for cid in clause_ids]
    if clause_ids and all(reasons):
        return reasons[0]
    return None


def _excluded(contract: Optional[Tuple[int, int]], clause_ids: List[str]) -> Dict[str, str]:
    """The clauses of a test that are outside the contract, with the reason: skipped, not judged."""
    return {cid: r for cid in clause_ids for r in [_contract_reason(contract, cid)] if r}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    if item.get_closest_marker("spec") is None:
        return (yield)
    # Forked children must still leave with os._exit; the process running the suite must not.
    suite_pid, real_exit = os.getpid(), os._exit

    def guarded_exit(status: int) -> None:
        if os.getpid() != suite_pid:
            real_exit(status)
        raise ImplementationExited(f"the implementation called os._exit({status}) in the process running "
                                   "the suite (the server's own process), which would end the whole run")

    # What the body makes is the test's: fixtures (none in the suite) answer to the session check.
    before = Snapshot.take() if setting(item.config, "conformance_leak_check") else None
    ended_before = interruptions()
    os._exit = guarded_exit  # type: ignore[assignment]
    try:
        impl, contract = item.config.stash[IMPL_KEY], item.config.stash[CONTRACT_KEY]
        judged = [cid for cid in item_clauses(item) if _skip_reason(impl, contract, [cid]) is None]
        with judging(impl.deviations, lambda cid: _skip_reason(impl, contract, [cid]) is None) as observed, \
                replay_budget(getattr(item, "obj", None), bounds.replay_budget,
                              settled=lambda: bool(judged) and set(judged) <= {v.clause for v in observed}):
            try:
                result = yield
            finally:
                item.stash[OBSERVED_KEY] = sorted({v.clause for v in observed})
    except BaseException:
        if before is not None:  # clean up after it; the failure itself is the verdict, so
            _account(item, leaks_since(before, grace=bounds.failed_teardown))  # a short grace
        raise
    finally:
        os._exit = real_exit
    if before is not None:
        _judge_leaks(item, leaks_since(before), after_ended_calls=interruptions() > ended_before)
    return result


def _account(item: pytest.Item, leaks: List[Leak]) -> None:
    """Remember what was judged as left behind, so the session-end check does not count it again."""
    config = item.config
    config.stash[ACCOUNTED_KEY] = config.stash.get(ACCOUNTED_KEY, EMPTY_SNAPSHOT) | Leak.left(leaks)


def _judge_leaks(item: pytest.Item, leaks: List[Leak], *, after_ended_calls: bool = False) -> None:
    """What the test left behind fails the clause that promises its cleanup, and only that one
    (the body has finished: its other clauses stand as judged).  Where the harness ended a
    hung call for a known deviation (``after_ended_calls``), what that call never cleaned up is
    that deviation's doing: it is listed in the test's report, not charged to another clause."""
    _account(item, leaks)
    config = item.config
    impl, contract = config.stash[IMPL_KEY], config.stash[CONTRACT_KEY]
    ours = [x.what for x in leaks if x.clause is None]
    if ours:
        raise AssertionError(f"{item.nodeid} left behind what the suite itself made (a bug of the suite): "
                             + "; ".join(ours))
    # A cleanup the run's contract does not promise (FORK-9 before 3.7, say) is no verdict.
    judged = [x for x in leaks if _skip_reason(impl, contract, [x.clause]) is None]  # type: ignore[list-item]
    declared = sorted({x.clause for x in judged if x.clause in impl.deviations})  # type: ignore[misc]
    if declared:
        item.stash[OBSERVED_KEY] = sorted(set(item.stash.get(OBSERVED_KEY, [])) | set(declared))
    violations = [ClauseViolation(x.clause, f"after the test: {x.what}")  # type: ignore[arg-type]
                  for x in judged if x.clause not in impl.deviations]
    observed = item.stash.get(OBSERVED_KEY, [])
    if violations and after_ended_calls and observed:
        item.stash[UNJUDGED_KEY] = (f"left behind by the call(s) the harness ended for known deviation(s) "
                                    f"{', '.join(observed)}, so not judged: "
                                    + "; ".join(v.observed for v in violations))
        item.add_report_section("call", "conformance", item.stash[UNJUDGED_KEY])
        return
    if violations:
        item.stash[COMPLETE_KEY] = True
        raise violations[0] if len(violations) == 1 else ClauseViolations(violations)


def _violations(exc: BaseException) -> List[ClauseViolation]:
    if isinstance(exc, ClauseViolation):
        return [exc]
    inner = getattr(exc, "exceptions", None)  # ExceptionGroup from Hypothesis' multiple bugs
    if inner and all(isinstance(e, ClauseViolation) for e in inner):
        return list(inner)
    if isinstance(exc, Flaky):
        # A replay that drew differently (an implementation whose failure depends on timing):
        # the violation Hypothesis saw first is the verdict, not its complaint about the replay.
        seen = exc.__cause__ or exc.__context__
        if isinstance(seen, ClauseViolation):
            return [seen]
    return []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    report = yield
    ids = item_clauses(item)
    if not ids or call.when != "call":
        return report
    props: List[Any] = []
    observed = item.stash.get(OBSERVED_KEY, [])
    if observed:  # known deviations the test recorded and went on past
        props.append((PROP_DEVIATION, observed))
    if item.stash.get(COMPLETE_KEY, False):
        props.append((PROP_COMPLETE, True))
    if item.stash.get(UNJUDGED_KEY, ""):
        props.append((PROP_UNJUDGED_LEAKS, item.stash[UNJUDGED_KEY]))
    if call.excinfo is None or not report.failed:
        report.user_properties = list(report.user_properties) + props
        return report
    impl = item.config.stash[IMPL_KEY]
    exc = call.excinfo.value
    if isinstance(exc, AttributeError) and getattr(exc, "obj", None) is impl.api:
        # An API the implementation lacks: a skip with a reason, never a traceback.
        report.outcome = "skipped"
        report.longrepr = (str(item.path), 0, f"Skipped: {impl.name} has no {exc.name}")
        return report
    violations = _violations(exc)
    if violations:
        clauses = sorted({v.clause for v in violations})
        props.append((PROP_VIOLATION, clauses))
        if all(c in impl.deviations for c in clauses):
            props.append((PROP_DEVIATION, clauses))
            report.outcome = "skipped"
            report.wasxfail = "; ".join(f"known deviation {c}: {impl.deviations[c]}" for c in clauses)
    elif observed:
        # It went on past a declared deviation and then broke down (a with-block on a server
        # that is no context manager, say): its other clauses are blocked by that deviation,
        # which the report says; the run does not fail on what was declared.
        report.outcome = "skipped"
        report.wasxfail = (f"stopped after known deviation(s) {', '.join(observed)}: "
                           f"{type(exc).__name__}: {str(exc)[:200]}")
    report.user_properties = list(report.user_properties) + props
    return report


# -- results: gather (also from xdist workers), report, summarise --------------------------
class _WorkerLeaks:
    """Controller side of the session leak check: what each xdist worker found at its end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        found = getattr(node, "workeroutput", {}).get("conformance_leaks", [])
        self.config.stash[SESSION_LEAKS_KEY].extend(f"[{node.gateway.id}] {p}" for p in found)


class _Gatherer:
    """Registered on the controller only: feeds every test report into the clause outcomes."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(tryfirst=True)  # before pytest's JUnit writer, which the JUnit plugin feeds
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.config.stash[OUTCOMES_KEY].add(report)
        junit = self.config.pluginmanager.get_plugin("conformance-junit")
        if junit is not None:  # now that the clause properties are read: see _junit
            junit.rewrite(report)


def _seed(config: pytest.Config) -> Optional[str]:
    seed = config.getoption("hypothesis_seed", None)
    return None if seed is None else str(seed)


def _report(config: pytest.Config) -> Dict[str, Any]:
    impl = config.stash[IMPL_KEY]
    report = build_report(
        implementation={"name": impl.name, "version": impl.version, "source": impl.source,
                        "description": impl.description,
                        "capabilities": sorted(impl.capabilities),
                        "python_follows": ".".join(map(str, impl.python)),
                        "deviations": dict(impl.deviations)},
        python=platform.python_version(), platform=platform.platform(), profile=profile_name(config),
        duration_s=time.monotonic() - config.stash[STARTED_KEY],
        outcomes=config.stash[OUTCOMES_KEY], deviations=dict(impl.deviations),
        extra={"contract": contract_text(config.stash[CONTRACT_KEY]),
               "workers": getattr(config.option, "numprocesses", None) or 0,
               "time_scale": bounds.scale,
               "selection": config.stash[SELECTION_KEY].as_json(),
               "session_leaks": list(config.stash[SESSION_LEAKS_KEY]),
               "invocation": " ".join(config.invocation_params.args),
               "seed": _seed(config)})
    if config.stash[CONTRACT_KEY] is None:
        report["contract_fit"] = contract_fit(report["clauses"])
    return report


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[SESSION_SNAPSHOT_KEY] = Snapshot.take()


def _session_leaks(session: pytest.Session) -> List[str]:
    """What this process still holds at the end that it did not at the start (bounded wait)."""
    config = session.config
    before = config.stash.get(SESSION_SNAPSHOT_KEY, None)
    if before is None or not setting(config, "conformance_leak_check"):
        return []
    if not any(item_clauses(i) for i in getattr(session, "items", [])):
        return []
    accounted = config.stash.get(ACCOUNTED_KEY, EMPTY_SNAPSHOT)
    return [x.what for x in leaks_since(before | accounted, grace=bounds.session_grace)]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    leaks = _session_leaks(session)
    if _is_worker(config):
        config.workeroutput["conformance_leaks"] = leaks  # type: ignore[attr-defined]
        return
    config.stash[SESSION_LEAKS_KEY].extend(leaks)
    if config.stash[SESSION_LEAKS_KEY] and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED  # a leak fails the run
    if not config.stash[OUTCOMES_KEY].tests:
        return
    report = _report(config)
    if setting(config, "conformance_strict_deviations") and session.exitstatus == 0 and \
            (report["stale_deviations"] or report["unknown_deviation_ids"]):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    report["exit_status"] = int(session.exitstatus)
    path = setting(config, "conformance_report")
    if path:
        _write_atomically(path, json.dumps(report, indent=1))
    path = setting(config, "conformance_write_deviations")
    if path:
        failures = [(r["id"], r["message"]) for r in report["clauses"] if r["outcome"] == "failed"]
        _write_atomically(path, render_deviations(failures, implementation=config.stash[IMPL_KEY].name))


def _write_atomically(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if _is_worker(config) or not config.stash[OUTCOMES_KEY].tests:
        return
    report = _report(config)
    impl = config.stash[IMPL_KEY]
    terminalreporter.section(f"socketserver conformance: {impl.name}")
    if not _targets_suite(config):  # the header did not say what ran
        for line in header_lines(config):
            terminalreporter.write_line(line)
    for markup, text in summary_lines(report):
        terminalreporter.write_line(text, **{markup: True})
    for leak in config.stash[SESSION_LEAKS_KEY]:
        terminalreporter.write_line(f"LEAK at session end: {leak}", red=True)
    path = setting(config, "conformance_report")
    if path:
        terminalreporter.write_line(f"report: {path}")


