"""Our clean-room implementation (reference/socketserver.py), written from the docs."""
from __future__ import annotations

from socketserver_conformance.adapters._base import Implementation
from socketserver_conformance.reference import socketserver as reference_socketserver


def adapter() -> Implementation:
    return Implementation(
        name="reference",
        version=reference_socketserver.__version__,
        source=reference_socketserver.__file__ or "reference/socketserver.py",
        api=reference_socketserver,
        python=(3, 12),  # it includes the Unix forking servers that 3.12 added
        description="socketserver-conformance's clean-room implementation from the documentation",
    )
