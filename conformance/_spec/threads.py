"""Clauses of the 'threads' area (tests: conformance/test_threads.py)."""
from conformance._clause import Clause

CLAUSES = (
)
