"""A module that dropped ThreadingUnixDatagramServer but still lists it in __all__, so
'from socketserver import *' raises AttributeError."""

from tests.mutants._kit import mutant_api

CATCHES = ("API-15",)
SELECT = ("conformance/suite/test_api.py::test_dunder_all_lists_the_exported_classes",)

_api = mutant_api()
del _api["ThreadingUnixDatagramServer"]
_api["__all__"] = sorted(_api["__all__"])  # kit rebuilt it from the remaining names
_api["__all__"].append("ThreadingUnixDatagramServer")
globals().update(_api)
