"""Lifecycle scenarios: requests with drawn plans played against one server of any flavour.

Theory of operation: a ``ScenarioProbe`` answers verify_request() and makes handler hooks
raise as each request's ``RequestPlan`` says.  It checks, where each call happens (in the
serving thread, a handler's thread or a forked child), that the call got the request
get_request() produced, and records the verdict as an event, so a child's checks come home
through the recorder's pipe like its hook events.  Requests are played one after the other:
the next is sent only once the previous one's worker (its thread, or its child process) has
ended, so the recorded events cut into requests without ambiguity.  The recorded trace is
then compared with the flavour's predictions (``kits.lifecycle.check_request``); on a forking
server the children's events are judged once the server is closed (the recorder is flushed
then), and their exit statuses are read (never reaped) while the parent has not reaped them.
"""
from __future__ import annotations

import contextlib
import os
import threading
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from hypothesis import event
from hypothesis import strategies as st

from socketserver_conformance.harness import (bounds, current_thread, excepthook_namespaces, join_thread,
                                              TCP, UDP, UNIX_DGRAM, UNIX_STREAM, HarnessTimeout, Recorder,
                                              Request, RunningServer, Transport, api_class, expect,
                                              recording_handler, start_server)
from socketserver_conformance.kits.forking import exit_status, handle_one_request, stop_runaways, wait_exited
from socketserver_conformance.kits.lifecycle import (RequestPlan, check_request, is_fatal, request_plans,
                                                     served_plans, sides_per_request)

SCENARIO_TRANSPORTS = (TCP, UDP, UNIX_STREAM, UNIX_DGRAM)
#: Server hooks the scenario probe wraps to see their arguments (and verify_request's answer).
PROBED_HOOKS = ("verify_request", "process_request", "finish_request", "shutdown_request",
                "close_request")
#: Requests per scenario: enough to mix outcomes on one server, few enough to stay fast.
MAX_REQUESTS = 4


def _inherited(server: Any, hook: str) -> Any:
    """The hook of the implementation's class, below the recording subclass."""
    return getattr(type(server).__mro__[1], hook).__get__(server)


def _raise_planned(plan: RequestPlan, hook: str) -> None:
    exc_type = plan.raises(hook)
    if exc_type is not None:
        raise exc_type(f"planned fault in {hook}()")


class ScenarioProbe:
    """Plays the plans: answers verify_request, makes handler hooks raise, checks arguments.

    It holds strong references to every request and handler, so sockets are closed only by
    the server (never by garbage collection) and handler identities stay meaningful.  What
    it learns in a forked child reaches the test only as ``probe:*`` events.
    """

    def __init__(self, plans: List[RequestPlan], rec: Recorder) -> None:
        self.plans = plans
        self.rec = rec
        self.server: Any = None                               # set once the server exists
        self.got: List[Tuple[Any, Any]] = []                  # what get_request returned
        self.verified = 0                                     # verify_request calls so far
        self.handlers: List[Any] = []                         # in setup() order (this process's)
        self.workers: List[threading.Thread] = []             # threads that ran finish_request
        self.thread_of: Dict[int, threading.Thread] = {}      # request index -> that thread

    def _current(self) -> Tuple[Any, Any]:
        """The request being served: requests are played one at a time (in a child, its own)."""
        return self.got[-1] if self.got else (None, None)

    def _check_arguments(self, hook: str, args: Tuple[Any, ...]) -> None:
        request, address = self._current()
        same = bool(args) and args[0] is request and (len(args) < 2 or args[1] == address)
        if not same:
            self.rec.record("probe:arguments", hook=hook, request=len(self.got) - 1,
                            problem=f"{hook} got {args!r}, get_request gave ({request!r}, {address!r})")

    # -- the handler -----------------------------------------------------------------------
    def handler(self, impl: Any) -> type:
        return recording_handler(api_class(impl, "BaseRequestHandler"), self.rec, setup=self._setup,
                                 handle=self._handle, finish=self._finish, name="ScenarioHandler")

    def _setup(self, h: Any) -> None:
        self.handlers.append(h)
        seen = tuple(getattr(h, a, "<missing>") for a in ("request", "client_address", "server"))
        matches = [got_address for got_request, got_address in self.got if got_request is seen[0]]
        if matches != [seen[1]] or seen[2] is not self.server:
            self.rec.record("probe:attributes", problem=(
                f"handler #{len(self.handlers) - 1} had request={seen[0]!r}, client_address={seen[1]!r}, "
                f"server={seen[2]!r}; get_request gave {self.got!r}, and the server is {self.server!r}"))
        current = len(self.got) - 1
        plan = self.plans[current] if 0 <= current < len(self.plans) else RequestPlan()
        h.life_plan = plan if plan.accept else RequestPlan()
        _raise_planned(h.life_plan, "setup")

    def _handle(self, h: Any) -> None:
        _raise_planned(getattr(h, "life_plan", RequestPlan()), "handle")

    def _finish(self, h: Any) -> None:
        _raise_planned(getattr(h, "life_plan", RequestPlan()), "finish")

    # -- the server ------------------------------------------------------------------------
    def overrides(self) -> dict:
        def get_request(server: Any) -> Any:
            result = _inherited(server, "get_request")()
            self.got.append(tuple(result))
            return result

        def verify_request(server: Any, request: Any, client_address: Any) -> bool:
            index, self.verified = self.verified, self.verified + 1
            self._check_arguments("verify_request", (request, client_address))
            return self.plans[index].accept if index < len(self.plans) else True

        def handle_error(server: Any, request: Any, client_address: Any) -> None:
            # quiet: stderr output is LIFE-8's test
            current = self._current()
            if request is not current[0] or client_address != current[1]:
                self.rec.record("probe:handle_error", problem=(
                    f"handle_error got ({request!r}, {client_address!r}) for the request "
                    f"({current[0]!r}, {current[1]!r})"))

        def finish_request(server: Any, *args: Any) -> Any:
            self.workers.append(current_thread())
            self.thread_of[len(self.got) - 1] = current_thread()
            self.rec.record("probe:worker", request=len(self.got) - 1)
            self._check_arguments("finish_request", args)
            return _inherited(server, "finish_request")(*args)

        def delegate(hook: str) -> Any:
            def call(server: Any, *args: Any) -> Any:
                self._check_arguments(hook, args)
                return _inherited(server, hook)(*args)
            return call

        hooks = {h: delegate(h) for h in PROBED_HOOKS}
        hooks.update(get_request=get_request, verify_request=verify_request, handle_error=handle_error,
                     finish_request=finish_request)
        return hooks


class LoopReturned(Exception):
    """Stands for serve_forever() returning without an error (and without shutdown())."""


def send_request(srv: RunningServer) -> Any:
    """A new client whose request is its connection alone (stream) or one datagram; the client."""
    return Request(srv, None if srv.transport.is_stream else b"request").client


class Workers:
    """Where each request's handler ran, and a bounded wait for it to be done, for the tests
    of one clause on every flavour (the scenarios track their workers themselves).

    ``overrides()`` wraps finish_request so that it records ``probe:worker`` wherever it runs:
    the serving thread (sync), the request's thread (threading) or its child (forking; the
    event comes home through the recorder's pipe).  ``wait(count)`` waits until ``count``
    requests have reached finish_request, then until each one's thread has ended or child has
    exited (never reaped).  A request that never got there is not waited for: the test judges
    it from what it saw.  A child's later events are all in once the server is closed (the
    recorder is flushed then), so forking tests judge what children recorded after that.
    """

    def __init__(self, rec: Recorder, flavour: str) -> None:
        self.rec, self.flavour, self.parent = rec, flavour, os.getpid()
        self.threads: List[threading.Thread] = []

    def finish_request(self, server: Any, *args: Any) -> Any:
        self.threads.append(current_thread())
        self.rec.record("probe:worker")
        return _inherited(server, "finish_request")(*args)

    def overrides(self, **more: Any) -> Dict[str, Any]:
        return dict(more, finish_request=self.finish_request)

    def children(self) -> List[int]:
        """The pids (first-seen order) of the children that ran a handler."""
        return list(dict.fromkeys(e.pid for e in self.rec.named("probe:worker") if e.pid != self.parent))

    def wait(self, count: int) -> None:
        with contextlib.suppress(HarnessTimeout):  # a request that never got there is judged by the test
            self.rec.wait_count("probe:worker", count)
        for thread in list(self.threads):
            if thread is not current_thread():
                join_thread(thread, bounds.soon)
        for pid in self.children():
            wait_exited(pid)


def serve_forever_came_back(rec: Recorder, count: int) -> None:
    """Wait until the loop called service_actions after the count-th get_request (bounded)."""
    def idle(events: List[Any]) -> bool:
        seen = 0
        for e in events:
            seen += e.name == "get_request:enter"
            if seen >= count and e.name == "service_actions:enter":
                return True
        return False
    rec.wait_for(idle, what=f"serve_forever() to come back after request #{count}")


@contextlib.contextmanager
def uncaught_in(probe: ScenarioProbe) -> Iterator[None]:
    """Record (as ``thread:uncaught``) what leaves the run() of a thread that ran a handler."""
    # Each threading module's threads call its own excepthook: a green copy's (eventlet.green)
    # never reach the stdlib's.
    spaces = excepthook_namespaces()
    previous = [space["excepthook"] for space in spaces]

    def hook_for(fallback: Any) -> Any:
        def hook(args: Any) -> None:
            if args.thread is not None and any(args.thread is t for t in probe.workers):
                probe.rec.record("thread:uncaught", exc=args.exc_type.__name__)
            else:
                fallback(args)
        return hook
    for space, fallback in zip(spaces, previous):
        space["excepthook"] = hook_for(fallback)
    try:
        yield
    finally:
        for space, fallback in zip(spaces, previous):
            space["excepthook"] = fallback


class Scenario:
    """One example: the plans, the server's flavour and driver, and what the test observed."""

    def __init__(self, impl: Any, transport: Transport, plans: List[RequestPlan], *, flavour: str,
                 serve: bool) -> None:
        self.impl, self.transport, self.flavour, self.serve = impl, transport, flavour, serve
        self.rec = Recorder()
        self.probe = ScenarioProbe(plans, self.rec)
        # A synchronous serve_forever() ends with the first fatal request; the others go on.
        self.served = served_plans(plans, loop_survives_fatal=flavour != "sync" or not serve)
        self.parent = os.getpid()
        self.outcomes: List[Optional[BaseException]] = []
        self.children: List[Optional[int]] = []     # forking: the child of each request
        self.statuses: Dict[int, Optional[str]] = {}  # forking, handle_request: request -> status

    def run(self) -> None:
        for plan in self.served:
            escaping = plan.escaping()
            event("fatal request" if is_fatal(escaping) else "failed request" if escaping
                  else "clean request" if plan.accept else "rejected request")
        with contextlib.ExitStack() as stack:
            if self.flavour == "threading":
                stack.enter_context(uncaught_in(self.probe))
            srv = stack.enter_context(start_server(
                self.impl, self.transport, self.probe.handler(self.impl), flavour=self.flavour,
                recorder=self.rec, instrument=True, overrides=self.probe.overrides(),
                attrs={"timeout": bounds.soon}, serve=self.serve))
            self.probe.server = srv.server
            if self.flavour == "forking":
                stack.callback(stop_runaways, self.rec, self.parent)
            clients = []
            for index, plan in enumerate(self.served):
                clients.append(send_request(srv))
                self.outcomes.append(self._play(srv, index, plan))
            if self.flavour != "forking":
                self.check()
            if self.transport.is_stream:
                _check_eof(clients, self.served, self._unclosed())
        if self.flavour == "forking":
            self.check()  # the children's events are all in once the server is closed

    # -- driving -----------------------------------------------------------------------------
    def _play(self, srv: RunningServer, index: int, plan: RequestPlan) -> Optional[BaseException]:
        """Serve request #index and wait (bounded) until its worker is done; the driver's outcome."""
        outcome: Optional[BaseException] = None
        if not self.serve:
            try:
                if self.flavour == "forking":
                    handle_one_request(srv.server, self.rec)  # a child that returns here exits
                else:
                    srv.server.handle_request()
            except BaseException as exc:  # noqa: B036 - the propagation is what we check
                outcome = exc
        if self.flavour == "sync":
            return self._await_served(srv, index, plan) if self.serve else outcome
        self._await_worker(index, plan)
        if self.serve:
            return self._loop_went_on(srv, index)
        return outcome

    def _loop_went_on(self, srv: RunningServer, index: int) -> Optional[BaseException]:
        """serve_forever() after request #index's worker ended: None if a later pass of the loop
        completed, else what ended the loop (a pass that raised is waited out, bounded)."""
        mark = len(self.rec.events)

        def later_pass(events: List[Any]) -> bool:
            return any(e.name in ("service_actions:exit", "service_actions:raise") for e in events[mark:])
        with contextlib.suppress(HarnessTimeout):  # a loop that died is judged from its error
            serve_forever_came_back(self.rec, index + 1)
            self.rec.wait_for(later_pass, what=f"a pass of serve_forever() after request #{index}")
        if any(e.name == "service_actions:raise" for e in self.rec.events[mark:]):
            srv.loop_returned.wait(bounds.soon)
        if srv.loop_returned.is_set():
            return srv.loop_error or LoopReturned("serve_forever() returned on its own")
        return None

    def _await_served(self, srv: RunningServer, index: int, plan: RequestPlan) -> Optional[BaseException]:
        """Wait for serve_forever() to finish request #index; the loop's error if it ended."""
        if is_fatal(plan.escaping()):
            # The loop should end; one that completes another pass after taking this request
            # (its get_request number index + 1) has gone on instead (LIFE-12).
            def ended_or_went_on(events: List[Any]) -> bool:
                taken = [i for i, e in enumerate(events) if e.name == "get_request:enter"]
                return srv.loop_returned.is_set() or (len(taken) > index and any(
                    e.name in ("service_actions:exit", "service_actions:raise") for e in events[taken[index]:]))
            with contextlib.suppress(HarnessTimeout):
                self.rec.wait_for(ended_or_went_on, what=f"serve_forever() to end, or to go on, after request #{index}")
        else:
            with contextlib.suppress(HarnessTimeout):
                serve_forever_came_back(self.rec, index + 1)
        if not srv.loop_returned.is_set():
            return None
        return srv.loop_error or LoopReturned("serve_forever() returned on its own")

    def _await_worker(self, index: int, plan: RequestPlan) -> None:
        """A threading or forking server: wait for request #index's thread or child to end."""
        pid: Optional[int] = None
        if plan.accept:
            try:
                started = self.rec.wait_for(
                    lambda evs: any(e.name == "probe:worker" and e.data.get("request") == index for e in evs),
                    what=f"finish_request() of request #{index}")
            except HarnessTimeout:
                started = []
            mine = [e for e in started if e.name == "probe:worker" and e.data.get("request") == index]
            if self.flavour == "threading":
                thread = self.probe.thread_of.get(index)
                if thread is not None and thread is not current_thread():
                    join_thread(thread, bounds.soon)
            elif mine and mine[0].pid != self.parent:
                pid = mine[0].pid
                wait_exited(pid)
                if not self.serve:  # nothing reaps under handle_request(): the status is there
                    self.statuses[index] = exit_status(pid)
        self.children.append(pid)

    # -- judging -----------------------------------------------------------------------------
    def _unclosed(self) -> List[int]:
        """Requests the trace shows were never shut down or closed (their clause is already
        judged from the trace): no EOF is coming, so their clients are not waited on.  On a
        forking server the children's events may still be on their way, so only the rejected
        requests, which no child handles, are listed."""
        sides = sides_per_request(self.rec.events, self.flavour, self.parent, self.children)
        return [index for index, ((serving, worker), plan) in enumerate(zip(sides, self.served))
                if (self.flavour != "forking" or not plan.accept)
                and not {"shutdown_request", "close_request"} & set(serving + worker)]

    def check(self) -> None:
        events = self.rec.events
        if self.flavour != "sync":
            # A loop a handler's BaseException ended serves no further request: that is the
            # verdict, not the requests it then left unserved.
            self._check_propagation()
        sides = sides_per_request(events, self.flavour, self.parent, self.children)
        for index, (plan, (serving, worker)) in enumerate(zip(self.served, sides)):
            check_request(index, plan, serving, flavour=self.flavour, worker=worker)
        # Rule: the server went on to each request of the scenario (and no further).
        expect(len(sides) == len(self.served), "LIFE-16",
               f"{len(sides)} request(s) went through get_request for {len(self.served)} sent: {sides}")
        for name, clause in (("probe:handle_error", "LIFE-6"), ("probe:arguments", "LIFE-17"),
                             ("probe:attributes", "LIFE-1")):
            problems = [e.data.get("problem") for e in events if e.name == name]
            # Rule: handle_error, every per-request hook and the handler get the request get_request made.
            expect(not problems, clause, "; ".join(map(str, problems[:3])))
        self._check_handlers(events)
        self._check_statuses()
        if self.flavour == "sync":
            self._check_propagation()

    def _check_handlers(self, events: List[Any]) -> None:
        # Rule: no handler instance is used for two requests.
        handlers = self.probe.handlers
        distinct = len({id(h) for h in handlers})
        expect(distinct == len(handlers), "LIFE-5",
               f"{len(handlers)} requests reached setup() on only {distinct} distinct handler instance(s)")
        # Rule: the handler has request, client_address and server when setup() starts.
        for entered in (e for e in events if e.name == "setup:enter"):
            present = {k: entered.data.get(k) for k in ("has_request", "has_client_address", "has_server")}
            expect(all(present.values()), "LIFE-1", f"when setup() was entered the handler had {present}")

    def _check_statuses(self) -> None:
        for index, status in sorted(self.statuses.items()):
            plan = self.served[index]
            escaping = plan.escaping()
            if status is None:
                event("a child's exit status was not readable (reaped already)")
                continue
            # Rule: the child's exit status says how its request ended: 0 clean, 1 otherwise.
            clause = "FORK-19" if is_fatal(escaping) else "FORK-3" if escaping else "FORK-2"
            wanted = "exit 1" if escaping else "exit 0"
            expect(status == wanted, clause, f"request #{index} ({plan!r}): its child "
                                             f"{self.children[index]} ended with {status}, not {wanted}")

    def _check_propagation(self) -> None:
        call = "serve_forever()" if self.serve else "handle_request()"
        for index, (plan, outcome) in enumerate(zip(self.served, self.outcomes)):
            escaping = plan.escaping()
            if is_fatal(escaping) and self.flavour == "sync":
                # Rule: a non-Exception BaseException from the handler leaves the server's call.
                clause = "LIFE-12" if self.serve else "LIFE-11"
                expect(type(outcome) is escaping, clause,
                       f"request #{index} ({plan!r}): {call} "
                       + ("kept running" if self.serve and outcome is None else f"ended with {outcome!r}"))
            else:
                # Rule: after a clean or reported request, or one whose BaseException stayed in
                # its thread or child, the server serves on.
                clause = ("LIFE-7" if not is_fatal(escaping)
                          else "THREAD-14" if self.flavour == "threading" else "FORK-20")
                expect(outcome is None, clause, f"request #{index} ({plan!r}) on a {self.flavour} server: "
                       f"{call} " + ("ended" if self.serve else "raised") + f" with {outcome!r}")


def _check_eof(clients: List[Any], served: List[RequestPlan], unclosed: Sequence[int] = ()) -> None:
    # Rule: a stream client reads EOF once its request is over, whatever happened to it.
    for index, (client, plan) in enumerate(zip(clients, served)):
        if index in unclosed:
            continue  # never shut down: the trace already said so, on this same clause
        clause = "LIFE-28" if not plan.accept else "LIFE-13" if is_fatal(plan.escaping()) else "LIFE-15"
        expect(client.at_eof(bounds.soon), clause,
               f"request #{index} ({plan!r}): the client did not read EOF within {bounds.soon:g} s after the request")


def run_scenario(impl: Any, transport: Transport, data: st.DataObject, *, serve: bool,
                 flavour: str = "sync") -> None:
    """Requests with drawn plans against one server, driven by handle_request() or serve_forever()."""
    plans = data.draw(st.lists(request_plans(), min_size=1, max_size=MAX_REQUESTS), label="plans")
    Scenario(impl, transport, plans, flavour=flavour, serve=serve).run()


def scenario_clauses(propagation: str = "") -> Tuple[str, ...]:
    """What a scenario test checks on every flavour, with the clause on how a fatal request
    leaves the driver (sync: LIFE-11 handle_request(), LIFE-12 serve_forever())."""
    return tuple(c for c in ("LIFE-1", "LIFE-2", "LIFE-3", "LIFE-4", "LIFE-5", "LIFE-6", "LIFE-7", "LIFE-10",
                             propagation, "LIFE-13", "LIFE-14", "LIFE-15", "LIFE-16", "LIFE-17", "LIFE-28") if c)
