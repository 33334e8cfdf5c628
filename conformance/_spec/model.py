"""Clauses of the 'model' area (tests: conformance/test_model.py)."""
from conformance._clause import Clause

CLAUSES = (
)
