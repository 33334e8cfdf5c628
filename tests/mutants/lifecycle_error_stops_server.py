"""Server that re-raises a handler's Exception after handle_error() instead of serving on."""
from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-7",)
SELECT = ("conformance/suite/test_lifecycle.py::test_request_lifecycle_under_handle_request[tcp]",)

globals().update(patched_reference(
    "            self.handle_error(request, client_address)\n"
    "            self.shutdown_request(request)\n"
    "        except BaseException:",
    "            self.handle_error(request, client_address)\n"
    "            self.shutdown_request(request)\n"
    "            raise  # the bug: the error ends handle_request()/serve_forever()\n"
    "        except BaseException:"))
