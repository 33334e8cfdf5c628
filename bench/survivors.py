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
}
