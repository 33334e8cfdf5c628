"""A module whose __all__ forgets the forking classes it defines (the guard that extends
__all__ tests the wrong condition), so 'from socketserver import *' loses them."""

from tests.mutants._kit import mutant_api

CATCHES = ("API-15",)
SELECT = ("conformance/suite/test_api.py::test_dunder_all_lists_the_exported_classes",)

_api = mutant_api(base="reference")
_api["__all__"] = [n for n in _api["__all__"] if not n.startswith("Forking")]
globals().update(_api)
