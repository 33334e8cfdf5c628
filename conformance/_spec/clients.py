"""Clauses of the 'clients' area (tests: conformance/test_clients.py)."""
from conformance._clause import Clause

CLAUSES = (
)
