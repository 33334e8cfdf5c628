"""The standard library's socketserver: the implementation the suite is calibrated on."""
from __future__ import annotations

import platform
import socketserver

from socketserver_conformance.adapters._base import Implementation


def adapter() -> Implementation:
    return Implementation(
        name="stdlib",
        version=f"{platform.python_implementation()} {platform.python_version()}",
        source=socketserver.__file__ or "<built-in>",
        api=socketserver,
        description="socketserver from the running interpreter's standard library",
    )
