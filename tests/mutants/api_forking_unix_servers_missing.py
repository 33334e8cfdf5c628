"""A fork following Python 3.12 that does not export ForkingUnixStreamServer/ForkingUnixDatagramServer."""
from tests.mutants._kit import mutant_api

CATCHES = ("API-2",)
SELECT = ("conformance/suite/test_api.py::test_forking_unix_servers_are_exported",)

#: The fork follows 3.12's socketserver, so the 3.12 clauses apply to it.
CONFORMANCE_PYTHON = (3, 12)

_ns = mutant_api(base="reference")
for _name in ("ForkingUnixStreamServer", "ForkingUnixDatagramServer"):  # the bug: never defined
    _ns.pop(_name, None)
_ns["__all__"] = sorted(n for n in _ns if not n.startswith("_") and n != "__all__")
globals().update(_ns)
del _ns, _name
