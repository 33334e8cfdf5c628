"""A loop built on select(): the server stops working once its socket's descriptor number
passes 1023, as in any process with many files open (CPython's loop uses poll() for this)."""

from tests.mutants._kit import patched_reference

CATCHES = ("LOOP-18",)
SELECT = ("conformance/suite/test_serving.py::test_serves_on_a_descriptor_beyond_select",)

globals().update(patched_reference("selectors.DefaultSelector()", "selectors.SelectSelector()", occurrences=3))
