"""JUnit XML (``--junitxml``) that CI systems accept.

pytest's JUnit output targets the schema of Jenkins' xUnit plugin, ``junit-10.xsd``, under its
default ``junit_family=xunit2`` (``_pytest/junitxml.py``: "Output conforms to ...
junit-10.xsd"; pytest's own tests validate against a copy, ``testing/example_scripts/
junit-10.xsd``, vendored here as ``tests/data/junit-10.xsd``).  That schema has no
``<properties>`` inside a ``<testcase>``, yet pytest writes every ``user_properties`` pair of a
test there, with ``str()`` of its value: the suite's own bookkeeping (the clause list, the
violations, the excluded clauses) came out as Python reprs and broke validation.

So, on the controller, once the plugin's gatherer has read a report's properties
(``rewrite`` is called after ``Outcomes.add``), they are replaced by what the family allows:

* ``xunit2``: no test case properties.  Each test case gets a ``<system-out>`` with its clause
  IDs as plain text, one line per kind (``clauses: LIFE-3,LOOP-1``, ``violated: LIFE-3``,
  ``deviated: ...``).  The test suite carries the run as ``<properties>`` (the
  implementation, its version, the contract, the profile, Python, the suite's version).
* ``xunit1`` / ``legacy`` (whose readers accept test case properties): the same lines as
  plain-string properties (``spec_clauses`` = ``LIFE-3,LOOP-1``, ...).

The ``<testsuite>`` is named after the implementation unless the user set
``junit_suite_name`` (ini file or ``-o``).  Properties of tests that are not the suite's
(another project's tests in the same session) are left as pytest writes them.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any, Dict, List, Optional, Tuple

import pytest

from socketserver_conformance._report import (
    PROP_CLAUSES,
    PROP_COMPLETE,
    PROP_DEVIATION,
    PROP_EXCLUDED,
    PROP_UNJUDGED_LEAKS,
    PROP_VIOLATION,
)

#: The plugin's own user_properties keys: bookkeeping for the gatherer, not for JUnit readers.
INTERNAL = (PROP_CLAUSES, PROP_VIOLATION, PROP_DEVIATION, PROP_COMPLETE, PROP_EXCLUDED, PROP_UNJUDGED_LEAKS)
#: Name under which the plugin registers ``JUnit`` (the gatherer looks it up).
PLUGIN_NAME = "conformance-junit"


def log_xml(config: pytest.Config) -> Any:
    """pytest's JUnit writer of this session, or None (no ``--junitxml``, or a pytest whose
    internals differ: then the XML is left as pytest writes it)."""
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # pragma: no cover
        return None
    return config.stash.get(xml_key, None)


def user_set_suite_name(config: pytest.Config) -> bool:
    overrides = config.getoption("override_ini", None) or []
    if any(str(o).split("=", 1)[0].strip() == "junit_suite_name" for o in overrides):
        return True
    try:
        return "junit_suite_name" in config.inicfg
    except Exception:  # pragma: no cover - an inicfg of another shape
        return False


def _ids(value: Any) -> List[str]:
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return [str(v) for v in value]
    return [str(value)] if value else []


def clause_lines(props: List[Tuple[str, Any]]) -> List[Tuple[str, str]]:
    """(kind, comma-joined IDs) for a test's clause properties, in a fixed order."""
    found: Dict[str, List[str]] = {}
    for key, value in props:
        if key == PROP_CLAUSES:
            found["clauses"] = _ids(value)  # the latest list is the test's
        elif key in (PROP_VIOLATION, PROP_DEVIATION, PROP_EXCLUDED):
            kind = {PROP_VIOLATION: "violated", PROP_DEVIATION: "deviated", PROP_EXCLUDED: "excluded"}[key]
            found.setdefault(kind, [])
            found[kind] += [i for i in _ids(value) if i not in found[kind]]
    return [(kind, ",".join(found[kind])) for kind in ("clauses", "violated", "deviated", "excluded")
            if found.get(kind)]


class JUnit:
    """Registered on the controller when ``--junitxml`` is given."""

    def __init__(self, config: pytest.Config, implementation: str, run: Dict[str, Optional[str]]) -> None:
        self.config = config
        self.implementation = implementation
        self.run = run  # the test suite's properties: name -> value (None is left out)
        self.xml: Any = None
        self._seen: Dict[Tuple[str, Any], List[Tuple[str, Any]]] = {}

    @pytest.hookimpl(trylast=True)  # pytest's own JUnit writer exists by then
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.xml = log_xml(self.config)
        if self.xml is None:
            return
        if not user_set_suite_name(self.config):
            self.xml.suite_name = self.implementation
        for name, value in self.run.items():
            if value is not None:
                self.xml.add_global_property(name, str(value))

    def rewrite(self, report: Any) -> None:
        """Replace the suite's bookkeeping in ``report.user_properties`` by plain strings the
        XML family allows.  Never mutates the list in place: it is the item's own.  What each
        phase adds (a violation comes with the call) is gathered until the teardown, where
        pytest closes the test case."""
        if self.xml is None:
            return
        props = list(getattr(report, "user_properties", ()) or ())
        if not any(key == PROP_CLAUSES for key, _ in props):
            return
        key = (report.nodeid, getattr(report, "node", None))
        seen = self._seen.setdefault(key, [])
        seen += [(k, v) for k, v in props if k in INTERNAL]
        rest = [(k, v) for k, v in props if k not in INTERNAL]
        lines = clause_lines(seen)
        if report.when == "teardown":
            del self._seen[key]
        if getattr(self.xml, "family", "xunit2") == "xunit1":
            report.user_properties = [(f"spec_{kind}", ids) for kind, ids in lines] + rest
            return
        report.user_properties = rest
        if report.when != "teardown":
            return
        try:
            reporter = self.xml.node_reporter(report)
            node = ET.Element("system-out")
            node.text = "".join(f"{kind}: {ids}\n" for kind, ids in lines)
            reporter.append(node)
        except Exception:  # pragma: no cover - pytest internals of another shape: no clause lines
            pass
