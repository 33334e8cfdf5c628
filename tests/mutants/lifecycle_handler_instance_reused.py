"""Handler base that hands out one cached instance per class, re-initialised for every request."""
import socketserver as _std

from tests.mutants._kit import mutant_api

CATCHES = ("LIFE-5",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)


class BaseRequestHandler(_std.BaseRequestHandler):
    _instances = {}

    def __new__(cls, *args, **kwargs):
        if cls not in BaseRequestHandler._instances:
            BaseRequestHandler._instances[cls] = super().__new__(cls)
        return BaseRequestHandler._instances[cls]


globals().update(mutant_api(BaseRequestHandler=BaseRequestHandler))
