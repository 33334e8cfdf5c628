"""The request step lets an OSError from get_request() escape: one failed accept (or a TLS
handshake an overriding get_request refuses) makes handle_request() raise and ends
serve_forever() for every later client."""

from tests.mutants._kit import patched_reference

CATCHES = ("LIFE-25",)
SELECT = ("conformance/suite/test_lifecycle.py::test_oserror_from_get_request_drops_only_that_request",)

globals().update(patched_reference(
    "        try:\n            request, client_address = self.get_request()\n        except OSError:  # LIFE-25\n"
    "            return  # nothing to accept after all (another process took it, or we were closed)\n",
    "        request, client_address = self.get_request()  # the bug: a failed accept escapes\n"))
