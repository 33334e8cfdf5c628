"""The standard library's socketserver under ``eventlet.monkey_patch()``.

The module under test is the stdlib's own, over eventlet's green socket, select, threading,
os and time.  Patching happens in :func:`patch`, which the plugin calls in every process that
runs tests before any test runs (the Implementation's ``prepare``).  ``eventlet.toml`` (next
to this file) lists where eventlet knowingly differs, each traced to eventlet's code.
"""
from __future__ import annotations

import importlib
import os
import platform
import sys

from socketserver_conformance.adapters._base import Implementation, deviations_file

#: The extra that installs what this adapter needs: ``pip install 'socketserver-conformance[eventlet]'``.
EXTRA = "eventlet"
DEVIATIONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "eventlet.toml")


def patch() -> None:
    """Patch this process with ``eventlet.monkey_patch()``.

    socketserver picks its selector class when it is imported (``_ServerSelector``:
    ``PollSelector`` if ``selectors`` has it); eventlet deletes ``selectors.PollSelector``,
    whose ``select.poll`` would block every green thread.  A socketserver imported before
    the patch is therefore imported again, in place, so that it picks eventlet's selector as
    a program that patches first would.
    """
    import eventlet

    if not eventlet.patcher.is_monkey_patched("socket"):
        eventlet.monkey_patch()
    socketserver = sys.modules.get("socketserver")
    if socketserver is not None and getattr(socketserver, "_ServerSelector", None) is not None:
        import selectors

        if getattr(selectors, socketserver._ServerSelector.__name__, None) is not socketserver._ServerSelector:
            importlib.reload(socketserver)
    from socketserver_conformance.adapters._runtimes import warm_up

    warm_up()


def adapter() -> Implementation:
    import eventlet
    import socketserver

    return Implementation(
        name="eventlet",
        version=f"eventlet {eventlet.__version__} on {platform.python_implementation()} {platform.python_version()}",
        source=socketserver.__file__ or "<built-in>",
        api=socketserver,
        deviations=deviations_file(DEVIATIONS_FILE),
        prepare=patch,
        description="the stdlib's socketserver under eventlet.monkey_patch()",
    )
