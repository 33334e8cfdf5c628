"""``--junitxml``: XML that validates against the JUnit schema pytest targets, named after the
implementation, with each test case's clause IDs as plain strings.

The schema is ``tests/data/junit-10.xsd``: pytest's own copy of Jenkins' xUnit plugin schema
(``testing/example_scripts/junit-10.xsd`` in pytest's repository; ``_pytest/junitxml.py`` says
its output conforms to it under the default ``junit_family=xunit2``).
"""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest

from tests.test_mutants import ROOT, run_suite

xmlschema = pytest.importorskip("xmlschema", reason="the test extra installs xmlschema")

XSD = os.path.join(ROOT, "tests", "data", "junit-10.xsd")
MUTANT = "module:tests.mutants.api_enter_returns_none"  # fails API-8 in the context-manager test
SELECT = ["conformance/suite/test_api.py", "-k", "closing_context_manager or documented_classes"]


def junit(tmp_path, impl: str, *extra: str):
    xml_path = tmp_path / "junit.xml"
    proc = run_suite(impl, SELECT, str(tmp_path / "report.json"), f"--junitxml={xml_path}", *extra)
    assert xml_path.exists(), proc.stdout[-3000:] + proc.stderr[-2000:]
    return proc, str(xml_path), ET.parse(str(xml_path)).getroot()


def clause_lines(case: ET.Element) -> dict:
    text = "".join(node.text or "" for node in case.findall("system-out"))
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def test_junit_xml_validates_and_names_the_implementation(tmp_path):
    proc, path, root = junit(tmp_path, MUTANT, "-n", "2")
    assert proc.returncode == 1  # the mutant fails API-8
    xmlschema.XMLSchema(XSD).validate(path)  # raises with the first error
    suite = root.find("testsuite")
    assert suite.get("name") == MUTANT
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["implementation"] == MUTANT and props["profile"] == "catalog" and props["seed"] == "0"
    assert "contract" in props and "suite_version" in props
    cases = suite.findall("testcase")
    assert cases
    for case in cases:
        assert case.find("properties") is None  # not allowed in a <testcase> by junit-10.xsd
        lines = clause_lines(case)
        assert re.fullmatch(r"[A-Z]+-\d+(,[A-Z]+-\d+)*", lines.get("clauses", "")), ET.tostring(case)
    failed = [c for c in cases if c.find("failure") is not None]
    assert failed and all("API-8" in clause_lines(c)["clauses"].split(",") for c in failed)
    assert any(clause_lines(c).get("violated") == "API-8" for c in failed)
    text = open(path, encoding="utf-8").read()
    assert "spec_clauses" not in text and "['" not in text  # no Python reprs left


def test_a_suite_name_the_user_set_is_kept(tmp_path):
    _, path, root = junit(tmp_path, "stdlib", "-o", "junit_suite_name=nightly")
    xmlschema.XMLSchema(XSD).validate(path)
    assert root.find("testsuite").get("name") == "nightly"


def test_xunit1_carries_the_clauses_as_plain_string_properties(tmp_path):
    _, path, root = junit(tmp_path, "stdlib", "-o", "junit_family=xunit1")
    cases = root.find("testsuite").findall("testcase")
    assert cases
    for case in cases:
        props = {p.get("name"): p.get("value") for p in case.find("properties")}
        assert re.fullmatch(r"[A-Z]+-\d+(,[A-Z]+-\d+)*", props["spec_clauses"]), props
        assert all("[" not in v and "{" not in v for v in props.values()), props
