"""``eventlet.green.SocketServer``: eventlet's own green copy of socketserver, with no global patching.

eventlet builds it with ``eventlet.patcher.inject``: the stdlib's socketserver imported again
with eventlet's green ``socket``, ``select`` and ``threading`` in place of the real ones; the
rest of the process (``os``, ``selectors``, ``time``, the suite's own threads) stays as it is.
``eventlet_green.toml`` (next to this file) lists where it knowingly differs, each traced to
eventlet's code.
"""
from __future__ import annotations

import os
import platform

from socketserver_conformance.adapters._base import Implementation, deviations_file

#: The extra that installs what this adapter needs: ``pip install 'socketserver-conformance[eventlet]'``.
EXTRA = "eventlet"
DEVIATIONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "eventlet_green.toml")


def adapter() -> Implementation:
    import eventlet
    from eventlet.green import SocketServer

    return Implementation(
        name="eventlet-green",
        version=f"eventlet {eventlet.__version__} on {platform.python_implementation()} {platform.python_version()}",
        source=getattr(SocketServer, "__file__", None) or "eventlet.green.SocketServer",
        api=SocketServer,
        deviations=deviations_file(DEVIATIONS_FILE),
        description="eventlet.green.SocketServer: the stdlib's socketserver over eventlet's green "
                    "socket, select and threading, without monkey-patching",
    )
