"""The standard library's socketserver under ``gevent.monkey.patch_all()``.

The module under test is the stdlib's own; what changes is everything below it: sockets,
``select``/``selectors``, threads (greenlets), ``os.fork``/``os.waitpid`` (gevent's child
watcher) and ``signal``.  Patching happens in :func:`patch`, which the plugin calls in every
process that runs tests before any test runs (the Implementation's ``prepare``).
``gevent.toml`` (next to this file) lists where gevent knowingly differs, each traced to
gevent's code.
"""
from __future__ import annotations

import os
import platform
import sys
from typing import Any

from socketserver_conformance.adapters._base import Implementation, deviations_file

#: The extra that installs what this adapter needs: ``pip install 'socketserver-conformance[gevent]'``.
EXTRA = "gevent"
DEVIATIONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gevent.toml")
_KEEP_ALIVE: list = []


def patch(config: Any = None) -> None:
    """Patch this process with ``gevent.monkey.patch_all()`` and warm up gevent's lazy resources
    (its hub, the resolver's thread pool, the child watcher of the first fork)."""
    import gevent
    from gevent import monkey

    if monkey.is_module_patched("socket"):
        return
    # OS threads started before the patch (xdist's receiver, started by _thread, not threading)
    foreign = len(sys._current_frames()) > 1
    monkey.patch_all()
    hub = gevent.get_hub()
    if foreign:
        # Such a thread can wake this one only from outside the hub: xdist's worker waits in
        # TestQueue.get() on a threading.Event created before the patch, whose Condition.wait
        # now allocates a gevent lock, released by execnet's receiver thread.  gevent wakes the
        # hub for a release from another thread (loop.run_callback_threadsafe), but a hub with
        # nothing referenced to wait on raises LoopExit first: an async watcher, never sent, is
        # that reference.
        _KEEP_ALIVE.append(hub.loop.async_())
        _KEEP_ALIVE[-1].start(lambda: None)
    from socketserver_conformance.adapters._runtimes import warm_up

    warm_up()


def adapter() -> Implementation:
    import gevent
    import socketserver

    return Implementation(
        name="gevent",
        version=f"gevent {gevent.__version__} on {platform.python_implementation()} {platform.python_version()}",
        source=socketserver.__file__ or "<built-in>",
        api=socketserver,
        deviations=deviations_file(DEVIATIONS_FILE),
        prepare=patch,
        description="the stdlib's socketserver under gevent.monkey.patch_all()",
    )
