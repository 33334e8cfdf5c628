"""A clean-room implementation of the socketserver contract, written from the documentation.

It exists so that the conformance suite is checked against two independent implementations:
a test that only the stdlib passes tests the stdlib's code, not the contract.
"""
