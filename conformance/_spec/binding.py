"""Clauses of the 'binding' area (tests: conformance/test_binding.py)."""
from conformance._clause import Clause

CLAUSES = (
)
