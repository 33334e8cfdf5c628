"""PyPI ``future``'s ``future.backports.socketserver``: CPython 3.3's socketserver, backported.

Its contract version is 3.3; ``future.toml`` (next to this file) lists, with the line of the
backport that causes each, the clauses later CPython versions brought that it does not meet.
"""
from __future__ import annotations

import os

from socketserver_conformance.adapters._base import Implementation, deviations_file

#: The extra that installs what this adapter needs: ``pip install 'socketserver-conformance[future]'``.
EXTRA = "future"
DEVIATIONS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "future.toml")


def adapter() -> Implementation:
    import future
    from future.backports import socketserver

    return Implementation(
        name="future",
        version=f"future {future.__version__}",
        source=socketserver.__file__ or "future.backports.socketserver",
        api=socketserver,
        python=(3, 3),
        deviations=deviations_file(DEVIATIONS_FILE),
        description="future.backports.socketserver: CPython 3.3.1's module with Python 2 compatibility",
    )
