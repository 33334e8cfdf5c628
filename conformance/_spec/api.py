"""Clauses of the 'api' area (tests: conformance/test_api.py)."""
from conformance._clause import Clause

CLAUSES = (
)
