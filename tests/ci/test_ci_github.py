"""`--format github`: workflow commands, escaped as the Actions runner expects."""
from __future__ import annotations

import pytest

from linter.findings import Finding, LoadProblem, Report
from linter.outputs import OutputContext
from linter.outputs.github import escape_data, escape_property, render

from ci_fixtures import cli, repo, samples, write  # noqa: F401  (pytest fixtures)


def test_lint_prints_one_command_per_finding(repo, write, samples, cli, monkeypatch):
    write(repo / "blueprints" / "bp.yaml", samples["bad"])
    monkeypatch.chdir(repo / "blueprints")  # paths are relative to the repository root, as GitHub wants
    code, out, _ = cli("lint", "bp.yaml", "--no-config", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == ("::error file=blueprints/bp.yaml,line=12,col=14,title=AZ001 single-az::"
                        "aws.ec2 `worker` runs in us-east-1a with 1 instance(s); place it in two AZs with at least two instances")
    assert lines[1].startswith("::warning file=blueprints/bp.yaml,line=17,col=3,title=LP003 unused-grant::role worker-role grants")
    assert lines[-1].startswith("Found 1 file; 2 findings")


@pytest.mark.parametrize("plain, data, prop", [
    ("%", "%25", "%25"),
    ("\r", "%0D", "%0D"),
    ("\n", "%0A", "%0A"),
    (":", ":", "%3A"),
    (",", ",", "%2C"),
    ("=", "=", "="),
    (";", ";", ";"),
    (" ", " ", " "),
    ("é", "é", "é"),
    ("%0A", "%250A", "%250A"),  # an escape-looking text is escaped, not taken as an escape
    ("a:b,c%d\r\ne", "a:b,c%25d%0D%0Ae", "a%3Ab%2Cc%25d%0D%0Ae"),
])
def test_escaping_character_by_character(plain, data, prop):
    assert escape_data(plain) == data
    assert escape_property(plain) == prop


def test_severities_and_escaped_properties():
    findings = [Finding("AZ001", "single-az", sev, "50%\nof, it: down", "dir,x/a:b.yaml", 3, 7, "bp", "db", "component")
                for sev in ("error", "warning", "info")]
    text = render(Report(files=["dir,x/a:b.yaml"], findings=findings), OutputContext(root="."))
    assert text.splitlines()[:3] == [
        f"::{command} file=dir%2Cx/a%3Ab.yaml,line=3,col=7,title=AZ001 single-az::50%25%0Aof, it: down"
        for command in ("error", "warning", "notice")]


def test_load_problems_are_errors():
    report = Report(files=["bad.yaml"], errors=[LoadProblem("bad.yaml", 2, 1, "duplicate key `blueprint`")])
    assert render(report, OutputContext(root=".")).splitlines()[0] == \
        "::error file=bad.yaml,line=2,col=1,title=archlint%3A cannot load blueprint::duplicate key `blueprint`"
