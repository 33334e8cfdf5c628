"""socketserver-conformance: Python's socketserver contract as data, and a suite that checks it.

Public surface:

* :mod:`conformance.spec` -- the clauses (``CLAUSES``, ``AREAS``, ``Clause``).
* :mod:`conformance.harness` -- servers in the background, clients, the event recorder.
* :mod:`conformance.strategies` -- Hypothesis strategies for payloads, chunkings, pauses.
* :mod:`conformance.plugin` -- the pytest plugin (``--impl``, reports, the ``spec`` marker).
"""

__version__ = "0.1.0"
