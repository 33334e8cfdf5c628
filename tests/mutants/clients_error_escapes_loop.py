"""TCPServer that lets an exception from handle() escape serve_forever() instead of calling handle_error()."""
from tests.mutants._kit import patched_reference

CATCHES = ("CLIENT-6", "CLIENT-7", "CLIENT-8")
SELECT = ("conformance/suite/test_clients.py", "-k",
          "(leave_at_once or reset_in_mid) and sync")

# The request step without its `except Exception` branch: the error is shut down by the
# BaseException branch and re-raised, which ends the loop.
globals().update(patched_reference(
    "        except Exception:  # LIFE-6, LIFE-7, CLIENT-6, CLIENT-7, CLIENT-8: reported, serving goes on\n"
    "            self.handle_error(request, client_address)\n"
    "            self.shutdown_request(request)\n",
    "        # the bug: no except Exception, errors end the loop\n"))
