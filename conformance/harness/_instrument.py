"""Instrumented subclasses of the implementation's handler and server classes.

They add recording around the implementation's own hooks and never replace them: each
wrapper records ``<hook>:enter``, calls the test's callback or the inherited method, and
records ``<hook>:exit`` (or ``<hook>:raise`` with the exception type, re-raising it).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Optional

from socketserver_conformance.harness._events import Recorder

HandlerHook = Optional[Callable[[Any], None]]

#: Server hooks the contract names, in the order the docs describe a request's path.
SERVER_HOOKS = ("get_request", "verify_request", "process_request", "finish_request",
                "shutdown_request", "close_request", "handle_error", "handle_timeout",
                "service_actions", "server_close", "server_bind", "server_activate")


def _describe_request(request: Any) -> str:
    if isinstance(request, tuple):
        return "tuple(" + ", ".join(type(x).__name__ for x in request) + ")"
    return type(request).__name__


def recording_handler(base: type, recorder: Recorder, *, setup: HandlerHook = None,
                      handle: HandlerHook = None, finish: HandlerHook = None,
                      attrs: Optional[Dict[str, Any]] = None, name: str = "RecordingHandler") -> type:
    """A subclass of ``base`` that records its lifecycle; callbacks run inside the hooks.

    ``setup`` runs after the base class's setup() (so rfile/wfile exist), ``finish`` before
    the base class's finish() (so writes are still flushed by it), ``handle`` is the body.
    ``attrs`` sets class attributes of the handler (``rbufsize``, ``wbufsize``, ``timeout``...).
    """

    def _init(self, request, client_address, server):
        recorder.record("init", handler=self, request_type=_describe_request(request),
                        client_address=repr(client_address))
        base.__init__(self, request, client_address, server)

    def _setup_body(self):
        base.setup(self)
        if setup is not None:
            setup(self)

    def _handle_body(self):
        (handle or base.handle)(self)

    def _finish_body(self):
        if finish is not None:
            finish(self)
        base.finish(self)

    def _wrap(hook: str, body: Callable[[Any], None]):
        def method(self):
            recorder.record(f"{hook}:enter", handler=self,
                            has_request=hasattr(self, "request"),
                            has_client_address=hasattr(self, "client_address"),
                            has_server=hasattr(self, "server"))
            try:
                body(self)
            except BaseException as exc:
                recorder.record(f"{hook}:raise", handler=self, exc=type(exc).__name__)
                raise
            recorder.record(f"{hook}:exit", handler=self)
        method.__name__ = hook
        return method

    namespace: Dict[str, Any] = {
        **(attrs or {}),
        "__init__": _init,
        "setup": _wrap("setup", _setup_body),
        "handle": _wrap("handle", _handle_body),
        "finish": _wrap("finish", _finish_body),
    }
    return type(name, (base,), namespace)


def quiet_handle_error(server: Any, request: Any, client_address: Any) -> None:
    """A handle_error() that prints no traceback, for tests whose handlers fail on purpose.

    Use it as ``overrides={"handle_error": quiet_handle_error}`` (the call is still recorded)
    or as a class attribute; the tests of the default handle_error() must not.
    """


def recording_server(base: type, recorder: Recorder, *,
                     overrides: Optional[Dict[str, Callable[..., Any]]] = None,
                     hooks: Iterable[str] = SERVER_HOOKS, name: Optional[str] = None,
                     attrs: Optional[Dict[str, Any]] = None) -> type:
    """A subclass of ``base`` recording its hooks.  ``overrides[hook](server, *args)`` replaces
    the inherited hook (it may call ``type(server).__mro__[1].<hook>`` itself); ``attrs`` sets
    class attributes such as ``daemon_threads``.  Hooks ``base`` lacks are left alone."""
    overrides = dict(overrides or {})
    namespace: Dict[str, Any] = dict(attrs or {})

    def _wrap(hook: str):
        replacement = overrides.get(hook)

        def method(self, *args, **kwargs):
            recorder.record(f"{hook}:enter", args=[_describe_request(a) for a in args])
            try:
                if replacement is not None:
                    result = replacement(self, *args, **kwargs)
                else:
                    result = getattr(base, hook)(self, *args, **kwargs)
            except BaseException as exc:
                recorder.record(f"{hook}:raise", exc=type(exc).__name__)
                raise
            recorder.record(f"{hook}:exit", result=repr(result)[:80])
            return result
        method.__name__ = hook
        return method

    for hook in hooks:
        if hasattr(base, hook) or hook in overrides:
            namespace[hook] = _wrap(hook)
    return type(name or f"Recording{base.__name__}", (base,), namespace)
