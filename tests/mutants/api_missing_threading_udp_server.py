"""A module that forgot to export ThreadingUDPServer."""

from tests.mutants._kit import mutant_api

CATCHES = ("API-1",)
SELECT = ("conformance/suite/test_api.py::test_documented_classes_are_exported",)

_api = mutant_api()
del _api["ThreadingUDPServer"]
_api["__all__"] = [n for n in _api["__all__"] if n != "ThreadingUDPServer"]
globals().update(_api)
