"""Verdicts on the mutants of the stdlib's ``socketserver.py`` (CPython 3.11.7) that our suite
does not kill, keyed by the mutant ID of ``bench/_mutagen.py``.

Every survivor of a benchmark run is looked at and gets one of two verdicts here, or the suite
gets a test that kills it (and the verdict goes):

* ``equivalent``: no program can tell the mutant from the original through the documented API
  (the changed line is dead, or its effect is undone elsewhere);
* ``unspecified``: the behaviour changes, but the documentation does not fix it, so a
  conformance suite must accept both (the reason names what the docs leave open).
"""
from typing import Dict, Tuple

#: The file the IDs below refer to (mutant IDs are positions in it): sha256 of CPython 3.11.7's
#: Lib/socketserver.py.  For another file the verdicts do not apply.
FILE_SHA256 = "a1402df8627949d0b72591e742795fcd48f911172610d4e3c2f16bd7dcae8128"
CATEGORIES = ("equivalent", "unspecified")

VERDICTS: Dict[str, Tuple[str, str]] = {
    # -- module metadata -------------------------------------------------------------------
    "delete@123:0": ("unspecified", "__version__ is not part of the documented API; CPython's own "
                     "test does not look at it either"),
    "delete@150:4": ("equivalent", "_ServerSelector = SelectSelector in the else-branch taken only "
                     "where selectors has no PollSelector; on this platform the line never runs"),
    # -- handle_request() ------------------------------------------------------------------
    "compare@301:27": ("equivalent", "'timeout < 0' vs '<= 0' on a monotonic clock difference: the "
                       "remaining time is exactly 0.0 only by accident, and then one more select(0) "
                       "returns nothing and the next pass calls handle_timeout() all the same"),
    "arith@287:23": ("equivalent", "deadline = time() - timeout: the first select() still waits the "
                     "full timeout, and the recomputed remainder is then negative, so handle_timeout() "
                     "runs at the same moment; the deadline matters only after an early wake-up with "
                     "nothing ready, which PEP 475 rules out (select() is retried internally)"),
    "constant@301:37": ("equivalent", "'timeout < 1' instead of '< 0' after a select() that returned "
                        "nothing: select() only returns empty once the full timeout has passed, so "
                        "the remainder is already <= 0 and both versions call handle_timeout()"),
    # -- handle_error() output -------------------------------------------------------------
    "constant@377:18": ("unspecified", "the number of dashes around the traceback handle_error() "
                        "prints; the docs promise the traceback on stderr (LIFE-8) and the client's "
                        "address (LIFE-9), not the decoration"),
    "constant@382:18": ("unspecified", "the closing line of dashes handle_error() prints; only the "
                        "traceback and the client's address are promised (LIFE-8, LIFE-9)"),
    "delete@377:8": ("unspecified", "handle_error() no longer prints its opening line of dashes; "
                     "only the traceback and the client's address are promised (LIFE-8, LIFE-9)"),
    "delete@382:8": ("unspecified", "handle_error() no longer prints its closing line of dashes; "
                     "only the traceback and the client's address are promised (LIFE-8, LIFE-9)"),
    # -- socket options --------------------------------------------------------------------
    "constant@469:75": ("equivalent", "setsockopt(SO_REUSEADDR, 2) instead of 1: the kernel treats "
                        "every non-zero value as 'on'"),
    "constant@471:75": ("equivalent", "setsockopt(SO_REUSEPORT, 2) instead of 1: the kernel treats "
                        "every non-zero value as 'on'"),
    "delete@528:4": ("equivalent", "UDPServer.allow_reuse_port = False deleted: UDPServer inherits "
                     "the same False from TCPServer"),
    "delete@526:4": ("equivalent", "UDPServer.allow_reuse_address = False deleted: UDPServer inherits "
                     "the same False from TCPServer"),
    # -- ForkingMixIn.collect_children ----------------------------------------------------------
    "constant@573:44": ("equivalent", "waitpid(-1, 0) becomes waitpid(-1, WNOHANG) at max_children: "
                        "the blocking wait turns into a busy loop that reaps the same children in "
                        "the same order; only CPU time differs, which bench/ measures, not a clause"),
    "delete@579:20": ("equivalent", "the 'break' after an OSError other than ChildProcessError from "
                      "waitpid(-1, 0): no such error can happen (EINTR is retried by Python since "
                      "PEP 475, and the arguments are valid), so the branch is dead"),
    # -- ForkingMixIn.process_request ------------------------------------------------------
    "delete@618:16": ("equivalent", "the parent's 'return' at the end of the if-branch: the else "
                      "branch is the child's, and nothing follows the if/else, so the parent returns "
                      "None either way"),
    # -- StreamRequestHandler.finish ---------------------------------------------------------
    "delete@814:16": ("equivalent", "finish() no longer flushes wfile before closing it: the close() "
                      "that follows flushes a buffered writer itself, and the unbuffered one has "
                      "nothing to flush; a flush error the original swallowed is raised again by "
                      "close() in both versions"),
}
