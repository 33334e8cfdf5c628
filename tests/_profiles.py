"""Hypothesis profiles of the project's own tests, loaded into suite runs with ``-p tests._profiles``.

``catalog`` (the mutant catalog): find a failure fast, do not shrink it.
``contracts`` (each CPython release's module under its own contract, tests/test_contracts.py):
two examples per test, enough to run every clause's test on a module that conforms.
"""
from hypothesis import Phase, settings

from socketserver_conformance.plugin import BASE_SETTINGS

settings.register_profile("catalog", BASE_SETTINGS, max_examples=10, phases=[Phase.explicit, Phase.generate])
settings.register_profile("contracts", BASE_SETTINGS, max_examples=2, phases=[Phase.explicit, Phase.generate])
