"""The mutant catalog: socketserver-like modules with one named bug each.

Each module ``tests/mutants/<area>_<bug>.py`` (files starting with ``_`` are helpers)
defines, besides the socketserver API built with ``tests.mutants._kit.mutant_api``:

* ``CATCHES``: the clause IDs the suite must report as failed on this mutant (an entry may be
  a tuple of IDs of which one must fail, for racy bugs whose first symptom depends on the
  thread schedule);
* ``SELECT``: pytest arguments selecting the conformance tests to run (paths, node ids,
  ``-k`` expressions), so the catalog stays fast.

``tests/test_mutants.py`` runs the selected suite with ``--impl=module:tests.mutants.<name>``
and asserts, from the JSON report, that every entry of ``CATCHES`` failed.
"""
