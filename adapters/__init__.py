"""Adapters: what an implementation is, what it can do, and where it knowingly deviates.

Public surface: :class:`Implementation`, :func:`resolve`, :func:`registered`,
:func:`platform_capabilities`, :data:`API_NAMES`, :data:`ENTRY_POINT_GROUP`,
:class:`CallInterrupted` and :data:`Interruptible` (``Implementation.interruptible``).
"""
from socketserver_conformance.adapters._base import (API_NAMES, CallInterrupted, Implementation, Interruptible,
                                                    platform_capabilities)
from socketserver_conformance.adapters._loading import (
    ENTRY_POINT_GROUP,
    ImplementationError,
    from_module,
    registered,
    resolve,
    valid_forms,
)

__all__ = ["API_NAMES", "CallInterrupted", "ENTRY_POINT_GROUP", "Implementation", "ImplementationError",
           "Interruptible",
           "from_module", "platform_capabilities", "registered", "resolve", "valid_forms"]
