"""Clauses of the 'lifecycle' area (tests: conformance/test_lifecycle.py)."""
from conformance._clause import Clause

CLAUSES = (
)
