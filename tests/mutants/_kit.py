"""Build a mutant socketserver namespace: an implementation's API with some classes replaced.

The base is the stdlib (``base="stdlib"``, the default) or our clean-room reference
(``base="reference"``).  Express a bug by overriding *public* hooks of the stdlib's classes
where possible; where the bug lives inside a core method (the serving loop, the request step,
child collection), write it as an edit of ``reference/socketserver.py`` (our own code) with
``patched_reference``, not as a copy of the method, and never from CPython's: the stdlib's code
is not ours to copy, and its private names (``_BaseServer__...``, ``_handle_request_noblock``)
are not part of the contract.

The composite classes (``ThreadingTCPServer = ThreadingMixIn + TCPServer`` and friends)
are rebuilt from the replaced parts, so a broken ``ThreadingMixIn`` also breaks
``ThreadingTCPServer``, as it would in a real fork.  Replacing ``TCPServer`` does not
rebuild ``UnixStreamServer`` (a real subclass): replace it explicitly if the bug needs it.
"""
from __future__ import annotations

import socketserver as _std
from typing import Any, Dict, Optional, Sequence, Tuple, Union

from socketserver_conformance.adapters import API_NAMES
from socketserver_conformance.reference import socketserver as _reference

BASES = {"stdlib": _std, "reference": _reference}

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


def mutant_api(base: str = "stdlib", **replacements: Any) -> Dict[str, Any]:
    """``base``'s socketserver names with ``replacements``; composites rebuilt to match."""
    module = BASES[base]
    ns: Dict[str, Any] = {n: getattr(module, n) for n in API_NAMES if hasattr(module, n)}
    ns.update(replacements)
    for name, (mixin, server) in COMPOSITES.items():
        if name in replacements or mixin not in ns or server not in ns:
            continue
        if ns[mixin] is not getattr(module, mixin, None) or ns[server] is not getattr(module, server, None):
            ns[name] = type(name, (ns[mixin], ns[server]), {"__module__": "mutant"})
    ns["__all__"] = sorted(n for n in ns if not n.startswith("_"))
    return ns


def patched_reference(old: Union[str, Sequence[Tuple[Any, ...]]], new: Optional[str] = None,
                      occurrences: int = 1) -> Dict[str, Any]:
    """Our reference re-executed from its source with the text ``old`` (which must occur
    exactly ``occurrences`` times) replaced by ``new``: a fork that differs by one edit.

    For a bug that takes a few edits, pass them as one list instead,
    ``patched_reference([(old, new), (old, new, occurrences), ...])``: each is applied in turn
    to the text the previous ones left, and each must match as it says."""
    import inspect
    if isinstance(old, str):
        if new is None:
            raise TypeError("patched_reference(old, new): the replacement text is missing")
        edits = [(old, new, occurrences)]
    else:
        if new is not None:
            raise TypeError("patched_reference([(old, new), ...]) takes no separate `new`")
        edits = [(e[0], e[1], e[2] if len(e) > 2 else 1) for e in old]
        if not edits:
            raise ValueError("patched_reference([]): no edit given")
    source = inspect.getsource(_reference)
    for number, (old_text, new_text, count) in enumerate(edits, 1):
        if source.count(old_text) != count:
            where = f"edit {number} of {len(edits)}: " if len(edits) > 1 else ""
            raise ValueError(f"{where}{old_text!r} occurs {source.count(old_text)} times in "
                             f"reference/socketserver.py, not {count}: update the mutant to the "
                             "reference's current text")
        source = source.replace(old_text, new_text)
    namespace: Dict[str, Any] = {"__name__": "mutant_of_reference", "__file__": _reference.__file__}
    exec(compile(source, _reference.__file__, "exec"), namespace)
    api = {n: namespace[n] for n in API_NAMES if n in namespace}
    api["__all__"] = list(namespace["__all__"])
    return api
