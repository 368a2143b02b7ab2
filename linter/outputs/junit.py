"""JUnit XML output: one `testsuite` per blueprint file, one `testcase` per rule that ran on it.

A rule that found nothing is a passing test case, so CI dashboards show what was
checked, not only what failed. Each finding is a `failure` of its rule's test
case; a file that could not be loaded gets a `load` test case with one `error`
per problem. A finding located in a file that was not linted itself (the base
of an overlay named on the command line) gets a suite of its own.

Jenkins splits a `classname` at its last dot into package and class, which
would show `blueprints/shop.yaml` as class `yaml` of package `blueprints/shop`:
the classname is the path with its dots written `_`, and the `file` attribute
of each test case carries the path unchanged.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from ..findings import Finding, LoadProblem, Report
from ..rules import Rule, RuleSet
from . import OutputContext

# Characters XML 1.0 cannot carry at all, even escaped; blueprint text may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(report: Report, context: OutputContext) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_file[finding.file].append(finding)
    errors: dict[str, list[LoadProblem]] = defaultdict(list)
    for problem in report.errors:
        errors[problem.file].append(problem)
    files = list(dict.fromkeys([*report.files, *sorted(by_file), *sorted(errors)]))
    root = ET.Element("testsuites", name="archlint")
    for file in files:
        root.append(testsuite(file, report.rules_run.get(file, []), by_file[file], errors[file], context.rules))
    _all_totals(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def testsuite(file: str, rules_run: list[str], findings: list[Finding], errors: list[LoadProblem], rules: RuleSet) -> ET.Element:
    suite = ET.Element("testsuite", name=_text(file))
    rule_ids = list(dict.fromkeys([*rules_run, *sorted({f.rule for f in findings})]))
    for rule_id in rule_ids:
        suite.append(rule_case(file, rules.get(rule_id), rule_id, [f for f in findings if f.rule == rule_id]))
    if errors:
        suite.append(load_case(file, errors))
    _suite_totals(suite)
    return suite


def rule_case(file: str, rule: Rule | None, rule_id: str, findings: list[Finding]) -> ET.Element:
    name = rule.name if rule else findings[0].name
    case = new_case(f"{rule_id} {name}", file)
    for f in findings:
        where = f"{f.file}:{f.line}:{f.column}"
        failure = ET.SubElement(case, "failure", message=_text(f"{where}: {f.message}"), type=f.severity)
        failure.text = _text(f"{where}: {f.rule} [{f.severity}] {f.message} ({f.kind} {f.element}, blueprint {f.blueprint})")
    return case


def load_case(file: str, errors: list[LoadProblem]) -> ET.Element:
    case = new_case("load", file)
    for e in errors:
        error = ET.SubElement(case, "error", message=_text(f"{e.file}:{e.line}:{e.column}: {e.message}"), type="load-error")
        error.text = _text(f"{e.file}:{e.line}:{e.column}: {e.message}")
    return case


def new_case(name: str, file: str) -> ET.Element:
    return ET.Element("testcase", name=_text(name), classname=_text(file.replace(".", "_")), file=_text(file), time="0")


def _suite_totals(suite: ET.Element) -> None:
    """A suite counts test cases: `failures`/`errors` are the cases with a failure/error."""
    cases = suite.findall("testcase")
    _set_totals(suite, len(cases), sum(c.find("failure") is not None for c in cases),
                sum(c.find("error") is not None for c in cases))


def _all_totals(root: ET.Element) -> None:
    suites = root.findall("testsuite")
    _set_totals(root, *(sum(int(s.get(key, "0")) for s in suites) for key in ("tests", "failures", "errors")))


def _set_totals(element: ET.Element, tests: int, failures: int, errors: int) -> None:
    for key, value in (("tests", tests), ("failures", failures), ("errors", errors), ("skipped", 0)):
        element.set(key, str(value))
    element.set("time", "0")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)
