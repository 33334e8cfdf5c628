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
from typing import Any

from socketserver_conformance.adapters._base import Implementation, deviations_file

#: The extra that installs what this adapter needs: ``pip install 'socketserver-conformance[eventlet]'``.
EXTRA = "eventlet"
DEVIATIONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "eventlet.toml")


def patch(config: Any = None) -> None:
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
    _keep_execnet_on_os_threads(config)
    if hasattr(os, "register_at_fork") and not _FORK_HOOK:
        os.register_at_fork(after_in_child=_leave_the_parents_green_threads)
        _FORK_HOOK.append(_leave_the_parents_green_threads)
    socketserver = sys.modules.get("socketserver")
    if socketserver is not None and getattr(socketserver, "_ServerSelector", None) is not None:
        import selectors

        if getattr(selectors, socketserver._ServerSelector.__name__, None) is not socketserver._ServerSelector:
            importlib.reload(socketserver)
    from socketserver_conformance.adapters._runtimes import warm_up

    warm_up()


_FORK_HOOK: list = []


def _leave_the_parents_green_threads() -> None:
    """In a forked child: run on a new hub, so that the parent's other green threads stay behind.

    eventlet's green threads survive fork (eventlet/patcher.py l.409-423 wipes
    threading._after_fork() for that reason): each child of a ForkingMixIn server would also run
    copies of every green thread the parent had waiting on its hub.  In the suite those are the
    test's own clients and the recorder's event reader, which would take the replies and events
    meant for the parent.  A child of ForkingMixIn runs the implementation's whole part in the
    green thread that forked (finish_request, shutdown_request, os._exit), so a hub of its own
    changes nothing the implementation does; its copies of the parent's waiters are never resumed.
    """
    from eventlet import hubs

    if hasattr(hubs._threadlocal, "hub"):
        del hubs._threadlocal.hub


def _keep_execnet_on_os_threads(config: Any) -> None:
    """Give an xdist worker's execnet the unpatched primitives it had before the patch.

    execnet's ``main_thread_only`` model (the one xdist uses) reads commands in a receiver OS
    thread and hands them to the main thread through queues and Events it allocates on use
    (``execnet/gateway_base.py``, ``ThreadExecModel``: ``import threading`` inside ``Event()``).
    After ``monkey_patch()`` those would be eventlet's, and an eventlet lock released in one OS
    thread wakes a waiter only through that thread's own hub (eventlet/semaphore.py l.137-153):
    the worker would never receive its first command.  An Event made before the patch is no
    better: its Condition.wait() allocates its waiter through ``threading._allocate_lock``,
    which the patch replaced; so xdist's queue of tests (its ``WorkerInteractor.torun``, made
    before any plugin configures) is made again from the unpatched primitives.  This touches
    only xdist's and execnet's transport, never a module the implementation under test uses.
    """
    gateway_base = sys.modules.get("execnet.gateway_base")
    if gateway_base is None:
        return
    import eventlet.patcher

    real_threading = eventlet.patcher.original("threading")
    real_queue = eventlet.patcher.original("queue")
    real_thread = eventlet.patcher.original("_thread")
    real_time = eventlet.patcher.original("time")
    model = gateway_base.ThreadExecModel
    model.queue = property(lambda self: real_queue)
    model.Lock = lambda self: real_threading.RLock()
    model.RLock = lambda self: real_threading.RLock()
    model.Event = lambda self: real_threading.Event()
    model.get_ident = lambda self: real_thread.get_ident()
    model.start = lambda self, func, args=(): real_thread.start_new_thread(func, args)
    model.sleep = lambda self, delay: real_time.sleep(delay)
    for plugin in config.pluginmanager.get_plugins() if hasattr(config, "workerinput") else ():
        queue = getattr(plugin, "torun", None)
        if queue is not None and hasattr(plugin, "channel"):
            plugin.torun = type(queue)(plugin.channel.gateway.execmodel)


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
