"""Hypothesis profiles of bench/, loaded into suite runs with ``-p bench_profiles`` (bench/ on PYTHONPATH).

``mutation`` (bench/mutation.py): quick-sized, no shrinking, and no example database, so one
mutant's failing examples are never replayed against the next (the runs must be independent).
"""
from hypothesis import Phase, settings

from socketserver_conformance.plugin import BASE_SETTINGS

settings.register_profile("mutation", BASE_SETTINGS, max_examples=5, phases=[Phase.explicit, Phase.generate],
                          database=None)
