"""Turning an ``--impl`` value into an Implementation.

Accepted forms:

* ``NAME``: a registered adapter (built in, or from the entry-point group
  ``socketserver_conformance.adapters``, whose objects are zero-argument callables that
  return an :class:`~socketserver_conformance.adapters.Implementation`).
* ``module:DOTTED.NAME``: any importable module exposing the socketserver API.
* ``path:FILE.py``: a socketserver-like module loaded from a file (an unreleased fork).
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from importlib import metadata
from typing import Callable, Dict, Optional

from socketserver_conformance.adapters._base import API_NAMES, Implementation

ENTRY_POINT_GROUP = "socketserver_conformance.adapters"

#: Adapters shipped with the project, used even when it is not installed as a distribution.
BUILTIN: Dict[str, str] = {
    "stdlib": "socketserver_conformance.adapters.stdlib:adapter",
    "reference": "socketserver_conformance.adapters.reference:adapter",
}


class ImplementationError(Exception):
    """The --impl value cannot be turned into an implementation; the message says what to do."""


def _load_object(target: str) -> Callable[[], Implementation]:
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr) if attr else module  # type: ignore[return-value]


def registered() -> Dict[str, str]:
    """Registered adapter names -> 'module:callable' targets (entry points override nothing built in)."""
    names = dict(BUILTIN)
    try:
        eps = metadata.entry_points(group=ENTRY_POINT_GROUP)  # type: ignore[call-arg]
    except TypeError:  # Python < 3.10
        eps = metadata.entry_points().get(ENTRY_POINT_GROUP, [])  # type: ignore[attr-defined]
    for ep in eps:
        names.setdefault(ep.name, ep.value)
    return names


def valid_forms() -> str:
    return (f"registered names: {', '.join(sorted(registered()))}; "
            "or module:DOTTED.NAME for an importable module; or path:FILE.py for a file")


def from_module(module, name: str) -> Implementation:
    """Wrap a module-like object; a module may refine itself with CONFORMANCE_DEVIATIONS,
    CONFORMANCE_PYTHON (the (major, minor) Python version whose socketserver it follows;
    default: the running interpreter's) and CONFORMANCE_INTERRUPTIBLE (how a hung helper call
    is ended: ``Implementation.interruptible``)."""
    if not any(hasattr(module, n) for n in API_NAMES):
        raise ImplementationError(
            f"{name}: {getattr(module, '__name__', module)!r} exports none of the socketserver "
            f"names ({', '.join(API_NAMES[:4])}, ...); point --impl at a socketserver-like module")
    extra = {}
    if getattr(module, "CONFORMANCE_PYTHON", None) is not None:
        extra["python"] = tuple(module.CONFORMANCE_PYTHON)[:2]
    if getattr(module, "CONFORMANCE_INTERRUPTIBLE", None) is not None:
        extra["interruptible"] = module.CONFORMANCE_INTERRUPTIBLE
    return Implementation(
        name=name,
        version=str(getattr(module, "__version__", "unknown")),
        source=str(getattr(module, "__file__", None) or getattr(module, "__name__", "?")),
        api=module,
        deviations=dict(getattr(module, "CONFORMANCE_DEVIATIONS", {})),
        description=_first_line(getattr(module, "__doc__", None)),
        **extra,
    )


def _first_line(text) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0] if lines else ""


def _load_path(path: str) -> Implementation:
    full = os.path.abspath(path)
    if not os.path.isfile(full):
        raise ImplementationError(f"path:{path}: no such file; give the .py file of the socketserver copy")
    module_name = "_conformance_impl_" + os.path.splitext(os.path.basename(full))[0].replace("-", "_")
    spec = importlib.util.spec_from_file_location(module_name, full)
    if spec is None or spec.loader is None:
        raise ImplementationError(f"path:{path}: not loadable as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses/pickling inside the module need this
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(module_name, None)
        raise ImplementationError(f"path:{path}: importing it failed: {exc!r}") from exc
    return from_module(module, f"path:{path}")


def _extra_of(target: str) -> Optional[str]:
    """The distribution extra an adapter module names as ``EXTRA`` (what installs its package)."""
    try:
        return getattr(importlib.import_module(target.partition(":")[0]), "EXTRA", None)
    except ImportError:
        return None


def resolve(value: str) -> Implementation:
    """The Implementation named by an --impl value, or ImplementationError saying what is valid."""
    kind, sep, rest = value.partition(":")
    if sep and kind == "module":
        try:
            module = importlib.import_module(rest)
        except Exception as exc:
            raise ImplementationError(f"--impl={value}: importing {rest!r} failed: {exc!r}") from exc
        return from_module(module, value)
    if sep and kind == "path":
        return _load_path(rest)
    names = registered()
    if value not in names:
        raise ImplementationError(f"unknown implementation {value!r}; {valid_forms()}")
    try:
        factory = _load_object(names[value])
        impl = factory()
    except ImportError as exc:
        extra = _extra_of(names[value])
        how = f"pip install 'socketserver-conformance[{extra}]'" if extra else "install it"
        raise ImplementationError(
            f"--impl={value}: the adapter needs a package that is not installed ({exc}); "
            f"{how}, or choose another of: {', '.join(sorted(names))}") from exc
    if not isinstance(impl, Implementation):
        raise ImplementationError(f"adapter {value!r} ({names[value]}) returned {type(impl).__name__}, "
                                  "not socketserver_conformance.adapters.Implementation")
    return impl
