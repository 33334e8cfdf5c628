"""The runtime adapters: gevent and eventlet (the stdlib's socketserver, monkey-patched) and
eventlet-green (eventlet.green.SocketServer, unpatched).

Each resolves through the project's entry-point group; the patching ones patch every process
that runs tests (their ``prepare``), xdist workers included; a missing package is a usage
error naming the extra that installs it.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import pytest

from socketserver_conformance.adapters import ImplementationError, registered, resolve

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: adapter name -> (the package it needs, the extra that installs it)
RUNTIMES = {"gevent": ("gevent", "gevent"), "eventlet": ("eventlet", "eventlet"),
            "eventlet-green": ("eventlet", "eventlet")}


def _need(package: str) -> None:
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"{package} is not installed: pip install 'socketserver-conformance[{package}]'")


@pytest.mark.parametrize("name", sorted(RUNTIMES))
def test_the_adapter_is_registered_and_resolves(name):
    package, _ = RUNTIMES[name]
    assert name in registered()
    _need(package)
    impl = resolve(name)  # resolving never patches this process: only prepare() does
    assert impl.name == name and impl.api.TCPServer and impl.api.ForkingMixIn
    assert (impl.prepare is not None) == (name != "eventlet-green")
    uncited = [cid for cid, reason in impl.deviations.items() if "l." not in reason]
    assert not uncited, f"deviations without the line of the runtime's code that causes them: {uncited}"
    if name == "gevent":
        from gevent import monkey
        assert not monkey.is_module_patched("socket")


@pytest.mark.parametrize("name", sorted(RUNTIMES))
def test_a_missing_package_is_a_usage_error_naming_the_extra(name, monkeypatch):
    package, extra = RUNTIMES[name]
    monkeypatch.setitem(sys.modules, package, None)  # import gevent / eventlet now raises ImportError
    for loaded in [m for m in sys.modules if m.startswith(f"{package}.")]:
        monkeypatch.delitem(sys.modules, loaded)
    with pytest.raises(ImplementationError) as info:
        resolve(name)
    assert f"pip install 'socketserver-conformance[{extra}]'" in str(info.value)
    assert package in str(info.value)  # the package that is missing is named too


def test_a_missing_package_of_any_registered_adapter_names_its_extra(tmp_path, monkeypatch):
    (tmp_path / "fake_runtime_adapter.py").write_text(textwrap.dedent("""
        EXTRA = "fakeruntime"
        def adapter():
            import fakeruntime_package_that_is_not_installed  # noqa: F401
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    from socketserver_conformance.adapters import _loading
    monkeypatch.setitem(_loading.BUILTIN, "fake-runtime", "fake_runtime_adapter:adapter")
    with pytest.raises(ImplementationError, match=r"socketserver-conformance\[fakeruntime\]"):
        resolve("fake-runtime")


def test_the_plugin_stops_with_a_usage_error_naming_the_extra(tmp_path):
    # A gevent that cannot be imported (shadowed on PYTHONPATH), as in a venv without the extra.
    (tmp_path / "gevent.py").write_text("raise ImportError(\"No module named 'gevent'\")\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-m", "pytest", "--impl=gevent", "-p", "no:cacheprovider",
                           "conformance/suite/test_api.py"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == pytest.ExitCode.USAGE_ERROR, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "pip install 'socketserver-conformance[gevent]'" in proc.stderr
    assert "Traceback" not in proc.stderr


# A test of the run's own: in the process that runs it (an xdist worker), socket is the runtime's.
PROBES = {
    "gevent": """
import socket
import threading
import gevent.socket
from gevent import monkey

def test_this_worker_is_patched():
    assert monkey.is_module_patched("socket") and monkey.is_module_patched("threading")
    assert socket.socket is gevent.socket.socket, socket.socket
""",
    "eventlet": """
import socket
import eventlet.green.socket
from eventlet import patcher

def test_this_worker_is_patched():
    assert patcher.is_monkey_patched("socket") and patcher.is_monkey_patched("thread")
    assert socket.socket is eventlet.green.socket.socket, socket.socket
""",
}

# The forking test is where copies of the parent's green threads, run in each child, took the
# parent's replies; under eventlet, a worker whose execnet queues were green never started.
SELECT = ["conformance/suite/test_api.py", "conformance/suite/test_binding.py",
          "conformance/suite/test_forking.py::test_each_request_runs_in_its_own_child[tcp]"]


@pytest.mark.parametrize("name", sorted(PROBES))
def test_a_quick_run_with_a_worker_is_patched_and_green(name, tmp_path):
    _need(name)
    probe = tmp_path / f"test_probe_{name}.py"
    probe.write_text(PROBES[name])
    report_path = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *SELECT, str(probe), f"--impl={name}", "--conformance-profile=quick",
         "-n", "1", f"--conformance-report={report_path}", "-p", "no:cacheprovider", "-q", "-o", "addopts=",
         f"--rootdir={ROOT}", "--conformance-timeout=60"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert report_path.exists(), proc.stdout[-3000:] + proc.stderr[-2000:]
    report = json.loads(report_path.read_text())
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert report["workers"] == 1 and report["implementation"]["name"] == name
    outcomes = {c["id"]: c["outcome"] for c in report["clauses"]}
    assert report["summary"]["failed"] == 0
    assert outcomes["FORK-1"] == "passed" and outcomes["API-1"] == "passed"
