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
import socket
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


def test_the_recorder_names_eventlet_greens_handler_thread_apart_from_the_serving_thread():
    # eventlet.green.SocketServer's handler threads are green threads inside the serving OS
    # thread: the stdlib's threading sees one thread, the implementation's own sees two.
    _need("eventlet")
    import threading

    from socketserver_conformance.harness import Recorder, current_thread, use_threads_of
    impl = resolve("eventlet-green")
    rec = Recorder()

    class Handler(impl.api.StreamRequestHandler):
        def handle(self):
            rec.record("handle", thread_object=repr(current_thread()))
            self.handler_thread = current_thread()
            seen.append(self.handler_thread)

    class Server(impl.api.ThreadingMixIn, impl.api.TCPServer):
        daemon_threads = True

    seen = []
    restore = use_threads_of(impl.api)
    try:
        with Server(("127.0.0.1", 0), Handler) as server:
            with socket.create_connection(server.server_address, timeout=5) as client:
                client.sendall(b"x\n")  # there before the handler starts: it never waits on the hub
                server.timeout = 5
                server.handle_request()  # start() switches to the green handler thread at once
                rec.record("serving")
                (handler_event,) = rec.named("handle")
                (serving_event,) = rec.named("serving")
                assert handler_event.thread_id != serving_event.thread_id, rec.events
                assert seen and seen[0] is not threading.current_thread() and seen[0].daemon
    finally:
        restore()
    assert current_thread() is threading.current_thread()  # the stdlib's count is back


def test_a_green_handler_threads_uncaught_exception_and_end_are_seen_from_another_os_thread():
    # Its run() calls the excepthook of the namespace eventlet re-executed threading.py in, and
    # its join() would wait on a green lock that only the serving OS thread's hub wakes.
    _need("eventlet")
    import threading

    from socketserver_conformance.harness import (BackgroundCall, current_thread, excepthook_namespaces,
                                                  join_thread, use_threads_of)
    impl = resolve("eventlet-green")

    class Abort(BaseException):
        pass

    handler_threads, uncaught = [], []

    class Handler(impl.api.StreamRequestHandler):
        def handle(self):
            handler_threads.append(current_thread())
            self.rfile.readline()

        def finish(self):
            raise Abort("leaves the handler's thread")

    restore = use_threads_of(impl.api)
    spaces = excepthook_namespaces()
    previous = [space["excepthook"] for space in spaces]
    for space in spaces:
        space["excepthook"] = lambda args: uncaught.append((args.exc_type, args.thread))
    try:
        with impl.api.ThreadingTCPServer(("127.0.0.1", 0), Handler) as server:
            server.block_on_close = False
            with socket.create_connection(server.server_address, timeout=5) as client:
                server.timeout = 5
                server.handle_request()  # returns once the handler waits (green) for its line
                (thread,) = handler_threads
                ended = []
                # A join() there would wait out its whole bound (60 s) and only then see the end.
                watcher = BackgroundCall(lambda: ended.append(join_thread(thread, 60.0)), name="another OS thread")
                client.sendall(b"x\n")
                thread.join(5.0)  # this OS thread's hub runs the handler to its end
                assert not thread.is_alive()
                assert watcher.wait(10.0) and ended == [True], "the end was not seen from the other OS thread"
    finally:
        for space, hook in zip(spaces, previous):
            space["excepthook"] = hook
        restore()
    assert uncaught == [(Abort, thread)] and not isinstance(thread, threading.Thread)


def test_a_threading_without_excepthook_is_no_excepthook_namespace():
    # A green copy built on a threading from before 3.8 has no excepthook to replace: the
    # namespaces a test patches leave it out instead of raising KeyError on it.
    import threading
    import types

    from socketserver_conformance.harness import excepthook_namespaces, use_threads_of

    old = types.ModuleType("threading")  # the shape of a 3.7 threading module: no excepthook

    class Thread:
        def __init__(self) -> None:
            pass

    old.Thread, old.get_ident, old.enumerate, old.current_thread = Thread, threading.get_ident, list, object
    api = types.SimpleNamespace(threading=old)
    restore = use_threads_of(api)
    try:
        spaces = excepthook_namespaces()
    finally:
        restore()
    assert spaces and all("excepthook" in space for space in spaces)
    assert vars(threading) in spaces and vars(old) not in spaces


def test_eventlet_greens_shutdown_from_another_os_thread_is_ended_by_its_interruptible():
    # Its shutdown() stops the loop but waits on a green Event that the serving OS thread's
    # set() never wakes (LOOP-1's reason); the adapter's interruptible ends that wait, and
    # closes the pipe and the hub's poll object it made in the helper thread.
    _need("eventlet")
    import os
    import threading

    from socketserver_conformance.harness import BackgroundCall, use_interrupts_of

    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("no /proc/self/fd to count descriptors on this platform")
    impl = resolve("eventlet-green")

    def descriptors() -> dict:
        found = {}
        for fd in os.listdir("/proc/self/fd"):
            try:
                found[fd] = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:  # the listing's own descriptor, gone by now
                pass
        return found

    class Handler(impl.api.StreamRequestHandler):
        def handle(self) -> None:
            pass

    restore = use_interrupts_of(impl.interruptible)
    try:
        with impl.api.TCPServer(("127.0.0.1", 0), Handler) as server:
            loop = BackgroundCall(lambda: server.serve_forever(0.01), name="loop")
            stopper = BackgroundCall(server.shutdown, name="stopper", interruptible=True)
            assert loop.wait(5) and not stopper.wait(0.5)  # the loop stopped; shutdown() did not return
            hung = descriptors()  # the helper's pipe and its hub's epoll among them
            assert stopper.interrupt() and stopper.interrupted, stopper.outcome()
            assert not stopper.thread.is_alive()
            now = descriptors()
            gone = sorted(hung[fd].split(":")[0] for fd in set(hung) - set(now))
            assert gone == ["anon_inode", "pipe", "pipe"] and set(now) <= set(hung), (hung, now)
    finally:
        restore()
    assert not [t for t in threading.enumerate() if t.name in ("loop", "stopper")]
