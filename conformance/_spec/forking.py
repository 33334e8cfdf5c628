"""Clauses of the 'forking' area (tests: conformance/test_forking.py)."""
from conformance._clause import Clause

CLAUSES = (
)
