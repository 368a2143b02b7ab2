"""`--format junit`: XML that a real JUnit reader (junitparser) parses as intended."""
from __future__ import annotations

from pathlib import Path

from junitparser import Error, Failure, JUnitXml

from linter.findings import Finding, Report
from linter.outputs import OutputContext
from linter.outputs.junit import render

from ci_fixtures import cli, repo, samples, write  # noqa: F401  (pytest fixtures)


def junit(cli, repo: Path, *args: str) -> tuple[int, JUnitXml]:
    code, _, _ = cli("lint", *args, "--no-config", "--format", "junit", "--output", "report.xml")
    return code, JUnitXml.fromfile(str(repo / "report.xml"))


def cases_by_name(suite) -> dict:
    return {case.name: case for case in suite}


def test_one_suite_per_file_one_case_per_rule(repo, write, samples, cli):
    write(repo / "bad.yaml", samples["bad"])
    write(repo / "good.yaml", samples["good"])
    code, xml = junit(cli, repo, "bad.yaml", "good.yaml", "--select", "AZ001,LP001,LP002,LP003,LP004")
    assert code == 1
    suites = {suite.name: suite for suite in xml}
    assert sorted(suites) == ["bad.yaml", "good.yaml"]
    expected = ["AZ001 single-az", "LP001 wildcard-action", "LP002 wildcard-resource", "LP003 unused-grant", "LP004 missing-grant"]
    for suite in suites.values():
        assert [case.name for case in suite] == expected
        assert suite.tests == len(expected)
    assert suites["good.yaml"].failures == 0 and all(case.is_passed for case in suites["good.yaml"])
    bad = cases_by_name(suites["bad.yaml"])
    assert suites["bad.yaml"].failures == 2 and xml.failures == 2 and xml.tests == 10
    [failure] = bad["AZ001 single-az"].result
    assert isinstance(failure, Failure) and failure.type == "error"
    assert failure.message.startswith("bad.yaml:12:14: aws.ec2 `worker` runs in us-east-1a")
    assert failure.text.startswith("bad.yaml:12:14: AZ001 [error]")
    assert bad["LP003 unused-grant"].result[0].message.startswith("bad.yaml:17:3: ")
    assert bad["LP001 wildcard-action"].is_passed


def test_load_errors_are_error_elements(repo, write, cli):
    write(repo / "broken.yaml", "blueprint: x\nblueprint: y\n")
    code, xml = junit(cli, repo, "broken.yaml")
    assert code == 2
    [suite] = list(xml)
    [case] = list(suite)
    assert case.name == "load" and suite.errors == 1 and xml.errors == 1
    assert all(isinstance(r, Error) for r in case.result)
    assert case.result[0].message.startswith("broken.yaml:2:")


def test_several_findings_of_one_rule_are_several_failures(repo, write, samples, cli):
    write(repo / "bp.yaml", samples["bad"].replace("  bucket: {type: aws.s3}", "  worker2: {type: aws.ec2, subnets: [a]}\n  bucket: {type: aws.s3}"))
    _, xml = junit(cli, repo, "bp.yaml", "--select", "AZ001")
    [case] = list(next(iter(xml)))
    assert [r.message.split(":")[1] for r in case.result] == ["12", "13"]


def finding(message: str, file: str = "bp.yaml") -> Finding:
    return Finding("AZ001", "single-az", "error", message, file, 3, 5, "shop", "db", "component")


def test_markup_and_control_characters_stay_valid_xml(tmp_path):
    message = 'a <b> & "c" \'d\' ]]> \x00\x07\x1b end é ✓'
    report = Report(files=["a&b <1>.yaml"], findings=[finding(message, "a&b <1>.yaml")], rules_run={"a&b <1>.yaml": ["AZ001"]})
    path = tmp_path / "r.xml"
    path.write_text(render(report, OutputContext()), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    [suite] = list(xml)
    assert suite.name == "a&b <1>.yaml"
    [case] = list(suite)
    assert case.result[0].message == 'a&b <1>.yaml:3:5: a <b> & "c" \'d\' ]]> \ufffd\ufffd\ufffd end é ✓'


def test_finding_in_a_base_that_was_not_linted_gets_its_own_suite():
    report = Report(files=["overlay.yaml"], findings=[finding("m", "base.yaml")], rules_run={"overlay.yaml": ["AZ001"]})
    xml = JUnitXml.fromstring(render(report, OutputContext()).encode("utf-8"))
    suites = {suite.name: suite for suite in xml}
    assert suites["overlay.yaml"].failures == 0
    assert suites["base.yaml"].failures == 1 and [c.name for c in suites["base.yaml"]] == ["AZ001 single-az"]
