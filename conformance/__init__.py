"""socketserver-conformance: Python's socketserver contract as data, and a suite that checks it.

Public surface:

* :mod:`socketserver_conformance.spec` -- the clauses (``CLAUSES``, ``AREAS``, ``Clause``).
* :mod:`socketserver_conformance.harness` -- servers in the background, clients, the event recorder.
* :mod:`socketserver_conformance.harness.strategies` -- Hypothesis strategies for payloads, chunkings, pauses.
* :mod:`socketserver_conformance.plugin` -- the pytest plugin (``--impl``, reports, the ``spec`` marker).
"""

__version__ = "0.1.0"

import os as _os

#: The folder of the suite's test modules (``socketserver-conformance run`` collects it).
SUITE_DIR = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "suite")
