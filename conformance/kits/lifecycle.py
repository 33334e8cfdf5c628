"""A small model of one request's life, and the checks comparing it with what was recorded.

A scenario is a list of ``RequestPlan``: whether verify_request() accepts the request and
what (if anything) each handler hook raises.  ``predicted_tokens`` says which hooks a
conforming server runs for one plan, as a flat list of tokens:

* server hooks by name, one token when they are entered (``get_request``, ``handle_error``...);
* ``init`` when a handler instance is made;
* handler hooks by name when they return, with a ``!`` suffix when they raise (``handle!``).

``observed_tokens`` turns Recorder events into the same tokens, ``split_requests`` cuts them
per request (at each ``get_request``), and ``check_request`` compares one request's tokens
with the model, raising a ClauseViolation on the most specific clause that diverges.

Each flavour has its own prediction (``predicted_sides``): a synchronous server runs every
token in the serving thread; a threading server runs the tokens from ``finish_request`` on
in the handler's thread (which a non-Exception BaseException leaves: token
``uncaught:<Name>``, from threading.excepthook), and a forking server in the child, while
the parent closes its copy of the request (``close_request``).  Requests are played one
after the other, so each request's worker is known.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from hypothesis import strategies as st

from socketserver_conformance.harness._events import Event
from socketserver_conformance.harness._violations import ClauseViolation, violated


class HandlerError(Exception):
    """An ordinary failure raised by a handler hook in a scenario."""


class HandlerAbort(BaseException):
    """A non-Exception BaseException raised by a handler hook in a scenario."""


#: Exceptions handle_error() must see, and BaseExceptions that must propagate instead.
ORDINARY = (HandlerError, ValueError, OSError)
FATAL = (HandlerAbort, SystemExit, KeyboardInterrupt)

FLAVOURS = ("sync", "threading", "forking")
#: What runs a request's handler, per flavour (for messages).
WORKER = {"sync": "the serving thread", "threading": "the handler's thread", "forking": "the child"}

SERVER_TOKENS = ("get_request", "verify_request", "process_request", "finish_request",
                 "handle_error", "shutdown_request", "close_request")
HANDLER_HOOKS = ("setup", "handle", "finish")


def is_fatal(exc_type: Optional[type]) -> bool:
    return exc_type is not None and not issubclass(exc_type, Exception)


@dataclass(frozen=True)
class RequestPlan:
    """One request of a scenario: verify_request's answer and what each handler hook raises."""

    accept: bool = True
    setup: Optional[type] = None
    handle: Optional[type] = None
    finish: Optional[type] = None

    def raises(self, hook: str) -> Optional[type]:
        return getattr(self, hook)

    def escaping(self) -> Optional[type]:
        """The exception type leaving the handler: finish() runs in a finally after handle()."""
        if not self.accept:
            return None
        if self.setup is not None:
            return self.setup
        return self.finish or self.handle

    def __repr__(self) -> str:
        if not self.accept:
            return "rejected"
        faults = [f"{h} raises {self.raises(h).__name__}" for h in HANDLER_HOOKS if self.raises(h)]
        return "accepted, " + (", ".join(faults) if faults else "no fault")


def _faults() -> st.SearchStrategy[Optional[type]]:
    # Mostly no fault; shrinks towards None, then towards the first exception of each kind.
    return st.sampled_from((None, None, None) + ORDINARY + FATAL)


def request_plans() -> st.SearchStrategy[RequestPlan]:
    return st.builds(RequestPlan, accept=st.sampled_from((True, True, True, False)),
                     setup=_faults(), handle=_faults(), finish=_faults())


def served_plans(plans: Sequence[RequestPlan], *, loop_survives_fatal: bool) -> List[RequestPlan]:
    """The plans that are served: serve_forever() ends with the first fatal request."""
    served: List[RequestPlan] = []
    for plan in plans:
        served.append(plan)
        if not loop_survives_fatal and is_fatal(plan.escaping()):
            break
    return served


def predicted_tokens(plan: RequestPlan) -> List[str]:
    """The hooks a conforming synchronous server runs for ``plan``, in order."""
    tokens = ["get_request", "verify_request"]
    if plan.accept:
        tokens += ["process_request", "finish_request", "init"]
        if plan.setup is not None:
            tokens.append("setup!")
        else:
            tokens.append("setup")
            for hook in ("handle", "finish"):
                tokens.append(hook + ("!" if plan.raises(hook) else ""))
        escaping = plan.escaping()
        if escaping is not None and not is_fatal(escaping):
            tokens.append("handle_error")
    return tokens + ["shutdown_request", "close_request"]


def predicted_sides(plan: RequestPlan, flavour: str) -> Tuple[List[str], List[str]]:
    """(tokens in the serving thread or process, tokens in the worker) for ``plan`` on ``flavour``."""
    tokens = predicted_tokens(plan)
    if flavour == "sync" or not plan.accept:
        return tokens, []  # a rejected request never leaves the serving thread
    split = tokens.index("finish_request")
    serving, worker = tokens[:split], tokens[split:]
    escaping = plan.escaping()
    if flavour == "threading" and is_fatal(escaping):
        worker.append(f"uncaught:{escaping.__name__}")  # THREAD-13: it leaves the thread's run()
    if flavour == "forking":
        serving.append("close_request")  # FORK-17: the parent closes its copy, never shuts it down
    return serving, worker


def token(e: Event) -> Optional[str]:
    """The model's token for one event, or None for events the model does not look at."""
    hook, _, phase = e.name.partition(":")
    if hook in SERVER_TOKENS and phase == "enter":
        return hook
    if hook == "init":
        return "init"
    if hook in HANDLER_HOOKS and phase in ("exit", "raise"):
        return hook + ("!" if phase == "raise" else "")
    if hook == "thread" and phase == "uncaught":
        return f"uncaught:{e.data.get('exc')}"
    return None


def observed_tokens(events: Sequence[Event]) -> List[str]:
    return [t for t in map(token, events) if t is not None]


def sides_per_request(events: Sequence[Event], flavour: str, parent: int,
                      children: Sequence[Optional[int]] = ()) -> List[Tuple[List[str], List[str]]]:
    """(serving tokens, worker tokens) per request, from the recorded events.

    The server process's events are cut at each get_request.  On a threading server the
    worker's are those of the span from another thread than the one that ran get_request; on
    a forking server those of the child ``children[i]`` (the pid that ran request i's
    finish_request, None when it had none).
    """
    spans: List[List[Event]] = []
    for e in events:
        if e.pid != parent or token(e) is None:
            continue
        if e.name == "get_request:enter" or not spans:
            spans.append([])
        spans[-1].append(e)
    sides = []
    for index, span in enumerate(spans):
        if flavour == "threading":
            serving_thread = span[0].thread_id
            sides.append((observed_tokens([e for e in span if e.thread_id == serving_thread]),
                          observed_tokens([e for e in span if e.thread_id != serving_thread])))
        elif flavour == "forking":
            pid = children[index] if index < len(children) else None
            sides.append((observed_tokens(span),
                          observed_tokens([e for e in events if pid is not None and e.pid == pid])))
        else:
            sides.append((observed_tokens(span), []))
    return sides


def split_requests(tokens: Sequence[str]) -> List[List[str]]:
    """Tokens per request: a new request starts at each get_request."""
    requests: List[List[str]] = []
    for token in tokens:
        if token == "get_request" or not requests:
            requests.append([])
        requests[-1].append(token)
    return requests


def _handler_part(tokens: Sequence[str]) -> List[str]:
    return [t for t in tokens if t == "init" or t.rstrip("!") in HANDLER_HOOKS]


def check_request(index: int, plan: RequestPlan, observed: Sequence[str], *, flavour: str = "sync",
                  worker: Sequence[str] = ()) -> None:
    """Compare one request's observed tokens with the model; the most specific clause fails.

    ``observed`` are the tokens of the serving thread (the server process), ``worker`` those of
    the handler's thread or child (threading and forking servers; empty for sync ones).
    """
    expected_serving, expected_worker = predicted_sides(plan, flavour)
    expected = expected_serving + expected_worker
    observed, worker = list(observed), list(worker)
    everything = observed + worker
    if flavour == "sync":
        what = f"request #{index} ({plan!r}): hooks ran as {observed}"
        required = f"the model predicts {expected}"
    else:
        what = (f"request #{index} ({plan!r}) on a {flavour} server: the serving side ran {observed}, "
                f"{WORKER[flavour]} {worker}")
        required = f"the model predicts {expected_serving}, then in {WORKER[flavour]} {expected_worker}"

    def fail(clause: str, why: str) -> None:
        # Each rule judges its own clause: a declared deviation is recorded and the next rule runs.
        violated(ClauseViolation(clause, f"{what}: {why}", f"{required} ({_requirement(clause)})"))

    handler = _handler_part(everything)
    escaping = plan.escaping()
    # Rule: a rejected request never reaches a handler.  If it did, nothing the model predicts
    # for it holds, and every other rule would fail as a consequence: its judgement ends here
    # (the scenario's other requests are judged as usual).
    if not plan.accept and (handler or {"process_request", "finish_request"} & set(everything)):
        fail("LIFE-14", "verify_request() said False, yet the request was processed")
        return
    # Rule: setup() raising means neither handle() nor finish() runs.
    handler_judged = False  # LIFE-4 or LIFE-3 already named how the handler went wrong
    if plan.accept and plan.setup is not None and any(t.rstrip("!") in ("handle", "finish") for t in handler):
        fail("LIFE-4", "setup() raised, yet handle() or finish() ran")
        handler_judged = True
    # Rule: handle() raising still leads to finish().
    if plan.accept and plan.setup is None and plan.handle is not None:
        after = handler[handler.index("handle!") + 1:] if "handle!" in handler else []
        if not any(t.rstrip("!") == "finish" for t in after):
            fail("LIFE-3", "handle() raised and finish() was not called after it")
            handler_judged = True
    # Rule: one init, then setup, handle, finish once each, in order.
    if not handler_judged and handler != _handler_part(expected):
        fail("LIFE-2", f"the handler ran {handler}, not {_handler_part(expected)}")
    if plan.accept and flavour != "sync" and "handle_error" in observed:
        # Rule: the failure is dealt with where the handler ran, never by the serving side.
        fail("THREAD-11" if flavour == "threading" else "FORK-20",
             f"handle_error() ran in the {'serving thread' if flavour == 'threading' else 'parent'}")
    # Rule: only a non-Exception BaseException bypasses handle_error().
    calls = everything.count("handle_error")
    if is_fatal(escaping) and calls:
        fail("LIFE-10", f"{escaping.__name__} reached handle_error()")
    if not is_fatal(escaping) and calls != (1 if escaping else 0):
        fail("LIFE-6", f"handle_error() ran {calls} time(s) for "
                       f"{escaping.__name__ if escaping else 'a request that did not fail'}")
    if flavour == "threading" and plan.accept:
        # Rule: a BaseException leaves the handler's thread; an Exception (reported) does not.
        uncaught = [t for t in worker if t.startswith("uncaught:")]
        wanted = [t for t in expected_worker if t.startswith("uncaught:")]
        if uncaught != wanted:
            fail("THREAD-13", f"exceptions that left the handler's thread: {uncaught or 'none'}; "
                              f"the model predicts {wanted or 'none'}")
    # Rule: every request is shut down and closed exactly once, even on the way out of a fatal one.
    if flavour != "sync" and plan.accept:
        sides = {"threading": ("THREAD-15", (0, 0)), "forking": ("FORK-17", (0, 1))}
        clause, serving_closing = sides[flavour]
        counted = [(side.count("shutdown_request"), side.count("close_request")) for side in (worker, observed)]
        if counted[0] != (1, 1):
            fail(clause, f"in {WORKER[flavour]} shutdown_request() ran {counted[0][0]} and "
                         f"close_request() {counted[0][1]} time(s)")
        if counted[1] != serving_closing:
            fail(clause, f"the {'serving thread' if flavour == 'threading' else 'parent'} called "
                         f"shutdown_request() {counted[1][0]} and close_request() {counted[1][1]} time(s)")
    closing = (everything.count("shutdown_request"), everything.count("close_request"))
    if closing != (expected.count("shutdown_request"), expected.count("close_request")):
        clause = "LIFE-13" if is_fatal(escaping) else "LIFE-28" if not plan.accept else "LIFE-15"
        fail(clause, f"shutdown_request() ran {closing[0]} and close_request() {closing[1]} time(s)")
    # Rule: the server hooks come in the documented order (on each side).  Only the order of
    # the hooks that ran is judged here: a hook missing or repeated is its own rule's above.
    for side, predicted_side in ((observed, expected_serving), (worker, expected_worker)):
        ran = [t for t in side if t in predicted_side]
        predicted = [t for t in predicted_side if t in side]
        if ran != predicted:
            fail("LIFE-16", "the hooks ran in another order")


def _requirement(clause: str) -> str:
    from socketserver_conformance.spec import lookup
    return lookup(clause).requirement
