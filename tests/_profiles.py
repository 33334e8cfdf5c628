"""Hypothesis profiles of the project's own tests, loaded into suite runs with ``-p tests._profiles``.

``catalog`` (the mutant catalog): find a failure fast, do not shrink it.
"""
from hypothesis import Phase, settings

from socketserver_conformance.plugin import BASE_SETTINGS

settings.register_profile("catalog", BASE_SETTINGS, max_examples=10, phases=[Phase.explicit, Phase.generate])
