"""The plugin's own behaviour: --impl, the spec marker, skips, deviations, the JSON report."""
from __future__ import annotations

import json
import textwrap

import pytest

from socketserver_conformance._report import OUTCOMES
from socketserver_conformance.spec import CLAUSES, LEVELS

# A tiny conformance-style test file run by pytester in a subprocess.
PASSING = """
import pytest
from socketserver_conformance.harness import TCP, Recorder, api_class, recording_handler, start_server, expect

@pytest.mark.spec("FRAME-1")
def test_echo(impl):
    rec = Recorder()
    got = []
    handler = recording_handler(api_class(impl, "StreamRequestHandler"), rec,
                                handle=lambda h: got.append(h.rfile.readline()))
    with start_server(impl, TCP, handler, recorder=rec) as srv:
        c = srv.client()
        c.send(b"hi\\n")
        rec.wait_count("handle:exit")
    expect(got == [b"hi\\n"], "FRAME-1", f"handler read {got!r}")
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def report_of(pytester: pytest.Pytester, *args: str):
    path = pytester.path / "report.json"
    result = run(pytester, f"--conformance-report={path}", *args)
    return result, json.loads(path.read_text())


def test_unknown_impl_is_a_usage_error_listing_valid_names(pytester):
    pytester.makepyfile(test_x=PASSING)
    result = run(pytester, "--impl=bogus")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown implementation 'bogus'*stdlib*module:*path:*"])


def test_unknown_clause_id_is_a_collection_error(pytester):
    pytester.makepyfile(test_x="""
        import pytest
        @pytest.mark.spec("FRAME-99999")
        def test_a(): pass
    """)
    result = run(pytester)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*ERROR collecting*", "*unknown clause*FRAME-99999*"])


def test_summary_names_implementation_version_source_and_python(pytester):
    pytester.makepyfile(test_x=PASSING)
    result = run(pytester)
    result.stdout.fnmatch_lines(["*socketserver conformance: stdlib*",
                                 "conformance: implementation stdlib CPython 3.* from *socketserver.py",
                                 "conformance: python 3.*"])


def test_report_has_schema_summary_clauses_and_tests(pytester):
    pytester.makepyfile(test_x=PASSING)
    result, report = report_of(pytester)
    assert result.ret == 0
    assert report["schema"] == "socketserver-conformance/1"
    assert report["implementation"]["name"] == "stdlib"
    for key in ("python", "platform", "profile", "duration_s", "summary", "clauses", "tests"):
        assert key in report, key
    by_id = {c["id"]: c for c in report["clauses"]}
    assert set(by_id) == set(CLAUSES)
    assert by_id["FRAME-1"]["outcome"] == "passed"
    assert by_id["FRAME-1"]["level"] in ("documented", "implied", "cpython")
    # A clause no test ran is reported as untested, in the list and in the terminal summary.
    untested = [c for c in CLAUSES if c != "FRAME-1"]
    assert set(report["untested"]) == set(untested)
    result.stdout.fnmatch_lines(["*clauses with no test run*"])
    assert report["tests"][0]["clauses"] == ["FRAME-1"]
    # One key per count, the outcome's name, in the summary, in every area and in the table.
    counts = ["clauses", *OUTCOMES]
    assert list(report["summary"]) == counts
    assert report["areas"] and all(list(c) == counts for c in report["areas"].values())
    assert report["summary"]["passed"] == report["areas"]["framing"]["passed"] == 1
    assert report["summary"]["untested"] == len(CLAUSES) - 1
    assert list(report["levels"]) == list(LEVELS)
    assert sum(report["levels"].values()) == 1
    result.stdout.fnmatch_lines(["area*" + "*".join(counts) + "*", "framing*", "total*"])


def _mutant_module(pytester, body: str, name: str = "brokenss") -> None:
    pytester.makepyfile(**{name: body})


BROKEN_READLINE = textwrap.dedent("""
    '''socketserver whose StreamRequestHandler.rfile upper-cases lines.'''
    from socketserver import *
    import socketserver as _std
    class _Upper:
        def __init__(self, raw): self.raw = raw
        def readline(self, *a): return self.raw.readline(*a).upper()
    class StreamRequestHandler(_std.StreamRequestHandler):
        def setup(self):
            super().setup()
            self.rfile = _Upper(self.rfile)
""")


def test_failure_is_attributed_with_observed_required_and_reproduction(pytester):
    pytester.makepyfile(test_x=PASSING)
    _mutant_module(pytester, BROKEN_READLINE)
    result, report = report_of(pytester, "--impl=module:brokenss")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    row = next(c for c in report["clauses"] if c["id"] == "FRAME-1")
    assert row["outcome"] == "failed"
    assert "observed" in row["message"] and "required" in row["message"]
    assert "reproduce: pytest 'test_x.py::test_echo' --impl=module:brokenss" in row["message"]


def test_path_impl_loads_a_file(pytester):
    pytester.makepyfile(test_x=PASSING)
    _mutant_module(pytester, BROKEN_READLINE, name="fork_copy")
    result, report = report_of(pytester, f"--impl=path:{pytester.path / 'fork_copy.py'}")
    assert report["implementation"]["source"].endswith("fork_copy.py")
    assert next(c for c in report["clauses"] if c["id"] == "FRAME-1")["outcome"] == "failed"


def test_known_deviation_is_reported_as_deviation_not_failure(pytester):
    pytester.makepyfile(test_x=PASSING)
    _mutant_module(pytester, BROKEN_READLINE + "\nCONFORMANCE_DEVIATIONS = {'FRAME-1': 'shouts', 'NOPE-1': 'x'}\n")
    result, report = report_of(pytester, "--impl=module:brokenss")
    assert result.ret == 0
    row = next(c for c in report["clauses"] if c["id"] == "FRAME-1")
    assert row["outcome"] == "deviation" and "shouts" in row["message"]
    assert report["summary"]["deviation"] == 1
    assert report["unknown_deviation_ids"] == ["NOPE-1"]


def test_deviation_that_passes_is_reported_stale(pytester):
    pytester.makepyfile(test_x=PASSING)
    _mutant_module(pytester, "from socketserver import *\nCONFORMANCE_DEVIATIONS = {'FRAME-1': 'old bug'}\n")
    result, report = report_of(pytester, "--impl=module:brokenss")
    assert report["stale_deviations"] == ["FRAME-1"]
    result.stdout.fnmatch_lines(["*known deviations that now pass*FRAME-1*"])


def test_missing_api_is_a_skip_with_reason_not_a_traceback(pytester):
    pytester.makepyfile(test_x=PASSING)
    _mutant_module(pytester, "from socketserver import TCPServer, BaseServer\n")
    result, report = report_of(pytester, "--impl=module:brokenss", "-rs")
    assert result.ret == 0
    row = next(c for c in report["clauses"] if c["id"] == "FRAME-1")
    assert row["outcome"] == "skipped" and "StreamRequestHandler" in row["message"]
    assert "Traceback" not in result.stdout.str()


def test_module_without_any_socketserver_api_is_a_usage_error(pytester):
    pytester.makepyfile(test_x=PASSING)
    _mutant_module(pytester, "X = 1\n")
    result = run(pytester, "--impl=module:brokenss")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*exports none of the socketserver names*"])


def test_xdist_report_matches_serial_report(pytester):
    pytester.makepyfile(test_x=PASSING, test_y=PASSING.replace("test_echo", "test_echo_again"))
    _, serial = report_of(pytester)
    _, parallel = report_of(pytester, "-n", "2")
    assert parallel["workers"] == 2
    assert [(c["id"], c["outcome"], c["tests"]) for c in serial["clauses"]] == \
           [(c["id"], c["outcome"], c["tests"]) for c in parallel["clauses"]]


def test_leaked_socket_fails_the_cleanup_clause_only(pytester):
    pytester.makepyfile(test_x="""
        import socket, pytest
        KEEP = []
        @pytest.mark.spec("FRAME-1")
        def test_leaky():
            KEEP.append(socket.socket())
    """)
    result, report = report_of(pytester)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*LIFE-24*after the test: socket*left open*"])
    outcomes = {c["id"]: c["outcome"] for c in report["clauses"]}
    # A connected-kind stream socket is a request's: LIFE-24 promises its closing.  The body
    # had finished, so the clause the test is about stands as judged.
    assert outcomes["LIFE-24"] == "failed" and outcomes["FRAME-1"] == "passed"
    assert report["session_leaks"] == []  # judged once, not again at the session's end


def test_hang_becomes_a_timeout_failure(pytester):
    pytester.makepyfile(test_x="""
        import threading, pytest
        @pytest.mark.spec("FRAME-1")
        def test_hangs():
            threading.Event().wait()
    """)
    result, report = report_of(pytester, "--conformance-timeout=1")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert next(c for c in report["clauses"] if c["id"] == "FRAME-1")["outcome"] == "failed"
    result.stdout.fnmatch_lines(["*Timeout*"])


def test_unmarked_test_in_the_suite_directory_is_rejected():
    from socketserver_conformance import SUITE_DIR
    from socketserver_conformance.plugin import _in_suite

    class FakeItem:
        path = f"{SUITE_DIR}/test_anything.py"

    assert _in_suite(FakeItem())


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_leak_at_session_end_fails_the_run(pytester, workers):
    pytester.makeconftest("""
        import socket, pytest
        KEEP = []
        @pytest.fixture(scope="session")
        def leaky():
            KEEP.append(socket.socket())
    """)
    pytester.makepyfile(test_x="""
        import pytest
        @pytest.mark.spec("FRAME-1")
        def test_uses_leaky(leaky):
            pass
    """)
    result = run(pytester, "--conformance-report=r.json", *workers)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*LEAK at session end*socket*"])
