"""Build a mutant socketserver namespace: the stdlib's API with some classes replaced.

The composite classes (``ThreadingTCPServer = ThreadingMixIn + TCPServer`` and friends)
are rebuilt from the replaced parts, so a broken ``ThreadingMixIn`` also breaks
``ThreadingTCPServer``, as it would in a real fork.  Replacing ``TCPServer`` does not
rebuild ``UnixStreamServer`` (a real subclass): replace it explicitly if the bug needs it.
"""
from __future__ import annotations

import socketserver as _std
from typing import Any, Dict

from adapters import API_NAMES

COMPOSITES = {
    "ForkingTCPServer": ("ForkingMixIn", "TCPServer"),
    "ForkingUDPServer": ("ForkingMixIn", "UDPServer"),
    "ForkingUnixStreamServer": ("ForkingMixIn", "UnixStreamServer"),
    "ForkingUnixDatagramServer": ("ForkingMixIn", "UnixDatagramServer"),
    "ThreadingTCPServer": ("ThreadingMixIn", "TCPServer"),
    "ThreadingUDPServer": ("ThreadingMixIn", "UDPServer"),
    "ThreadingUnixStreamServer": ("ThreadingMixIn", "UnixStreamServer"),
    "ThreadingUnixDatagramServer": ("ThreadingMixIn", "UnixDatagramServer"),
}


def mutant_api(**replacements: Any) -> Dict[str, Any]:
    """The stdlib's socketserver names with ``replacements``; composites rebuilt to match."""
    ns: Dict[str, Any] = {n: getattr(_std, n) for n in API_NAMES if hasattr(_std, n)}
    ns.update(replacements)
    for name, (mixin, base) in COMPOSITES.items():
        if name in replacements or mixin not in ns or base not in ns:
            continue
        if ns[mixin] is not getattr(_std, mixin, None) or ns[base] is not getattr(_std, base, None):
            ns[name] = type(name, (ns[mixin], ns[base]), {"__module__": "mutant"})
    ns["__all__"] = sorted(n for n in ns if not n.startswith("_"))
    return ns
