"""Hypothesis profiles of bench/, loaded into suite runs with ``-p bench_profiles`` (bench/ on PYTHONPATH).

``mutation`` (bench/mutation.py): quick-sized, no shrinking, and no example database, so one
mutant's failing examples are never replayed against the next (the runs must be independent).

``mutation-shrink`` (``bench/mutation.py --shrink``): the same, but with Hypothesis' shrinking
(and explaining) phases on, as a user's run of the suite has them: it shows what a failure costs
once Hypothesis replays it, and that no test outlives its timeout while shrinking.
"""
from hypothesis import Phase, settings

from socketserver_conformance.plugin import BASE_SETTINGS

settings.register_profile("mutation", BASE_SETTINGS, max_examples=5, phases=[Phase.explicit, Phase.generate],
                          database=None)
settings.register_profile("mutation-shrink", BASE_SETTINGS, max_examples=5,
                          phases=[p for p in Phase if p is not Phase.reuse], database=None)
