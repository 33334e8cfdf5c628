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
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

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


def observed_tokens(events: Sequence[Event]) -> List[str]:
    tokens = []
    for e in events:
        hook, _, phase = e.name.partition(":")
        if hook in SERVER_TOKENS and phase == "enter":
            tokens.append(hook)
        elif hook == "init":
            tokens.append("init")
        elif hook in HANDLER_HOOKS and phase in ("exit", "raise"):
            tokens.append(hook + ("!" if phase == "raise" else ""))
    return tokens


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


def check_request(index: int, plan: RequestPlan, observed: Sequence[str]) -> None:
    """Compare one request's observed tokens with the model; the most specific clause fails."""
    expected = predicted_tokens(plan)
    observed = list(observed)
    what = f"request #{index} ({plan!r}): hooks ran as {observed}"
    required = f"the model predicts {expected}"

    def fail(clause: str, why: str) -> None:
        # Each rule judges its own clause: a declared deviation is recorded and the next rule runs.
        violated(ClauseViolation(clause, f"{what}: {why}", f"{required} ({_requirement(clause)})"))

    handler = _handler_part(observed)
    escaping = plan.escaping()
    # Rule: a rejected request never reaches a handler.
    if not plan.accept and (handler or {"process_request", "finish_request"} & set(observed)):
        fail("LIFE-14", "verify_request() said False, yet the request was processed")
    # Rule: setup() raising means neither handle() nor finish() runs.
    if plan.accept and plan.setup is not None and any(t.rstrip("!") in ("handle", "finish") for t in handler):
        fail("LIFE-4", "setup() raised, yet handle() or finish() ran")
    # Rule: handle() raising still leads to finish().
    if plan.accept and plan.setup is None and plan.handle is not None:
        after = handler[handler.index("handle!") + 1:] if "handle!" in handler else []
        if not any(t.rstrip("!") == "finish" for t in after):
            fail("LIFE-3", "handle() raised and finish() was not called after it")
    # Rule: one init, then setup, handle, finish once each, in order.
    if handler != _handler_part(expected):
        fail("LIFE-2", f"the handler ran {handler}, not {_handler_part(expected)}")
    # Rule: only a non-Exception BaseException bypasses handle_error().
    calls = observed.count("handle_error")
    if is_fatal(escaping) and calls:
        fail("LIFE-10", f"{escaping.__name__} reached handle_error()")
    if not is_fatal(escaping) and calls != (1 if escaping else 0):
        fail("LIFE-6", f"handle_error() ran {calls} time(s) for "
                       f"{escaping.__name__ if escaping else 'a request that did not fail'}")
    # Rule: every request is shut down and closed exactly once, even on the way out of a fatal one.
    closing = (observed.count("shutdown_request"), observed.count("close_request"))
    if closing != (1, 1):
        clause = "LIFE-13" if is_fatal(escaping) else "LIFE-14" if not plan.accept else "LIFE-15"
        fail(clause, f"shutdown_request() ran {closing[0]} and close_request() {closing[1]} time(s)")
    # Rule: the server hooks come in the documented order.  Only the order of the hooks that
    # ran is judged here: a hook missing or repeated is the clause of that hook's rule above.
    ran, predicted = [t for t in observed if t in expected], [t for t in expected if t in observed]
    if ran != predicted:
        fail("LIFE-16", "the hooks ran in another order")


def _requirement(clause: str) -> str:
    from socketserver_conformance.spec import lookup
    return lookup(clause).requirement
