"""Custom rules honour every user control like built-ins, and come out in every output format."""
from __future__ import annotations

import json

import pytest

from custom_fixtures import NETWORK, make_project
from linter.cli import main

POLICY = """\
id: ORG001
name: stores-in-two-azs
severity: error
message: Data stores span two AZs
select: {tier: data}
assert:
  min_azs: 2
"""

BLUEPRINT = "blueprint: shop\n" + NETWORK + """\
components:
  app: {type: aws.ecs, subnets: [app-a, app-b], autoscaling: {min: 2, max: 4}}
  cache: {type: aws.elasticache, subnets: [data-a], encrypted: true}
  trail: {type: aws.cloudtrail}
flows:
  - app -> cache
"""
CACHE_LINE = BLUEPRINT.splitlines().index("  cache: {type: aws.elasticache, subnets: [data-a], encrypted: true}") + 1


@pytest.fixture
def project(tmp_path, monkeypatch):
    make_project(tmp_path, {"stores": POLICY}, BLUEPRINT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["lint", "bp.yaml", *args])
    return code, capsys.readouterr().out


def org_findings(capsys, *args: str) -> list[dict]:
    code, out = run(capsys, "--format", "json", "--select", "ORG", *args)
    return [f for f in json.loads(out)["findings"] if f["rule"] == "ORG001"]


def test_fires_at_the_component_line(project, capsys) -> None:
    [finding] = org_findings(capsys)
    assert (finding["element"], finding["line"], finding["severity"]) == ("cache", CACHE_LINE, "error")


def test_select_and_ignore(project, capsys) -> None:
    assert org_findings(capsys, "--ignore", "ORG001") == []
    assert org_findings(capsys, "--ignore", "stores-in-two-azs") == []
    code, out = run(capsys, "--select", "SEC")
    assert "ORG001" not in out


def test_severity_override_from_config(project, capsys) -> None:
    (project / "archlint.toml").write_text('rules-dirs = ["policies"]\n[severity]\nORG001 = "info"\n')
    [finding] = org_findings(capsys)
    assert finding["severity"] == "info"


def test_waiver_hides_it_and_unused_waiver_is_reported(project, capsys) -> None:
    waived = BLUEPRINT + "waivers:\n  - {rule: ORG001, element: cache, reason: single-AZ cache is a known risk, expires: 2099-01-01}\n"
    (project / "bp.yaml").write_text(waived)
    assert org_findings(capsys) == []
    (project / "bp.yaml").write_text(waived.replace("element: cache", "element: app"))
    code, out = run(capsys, "--format", "json", "--select", "ORG001,WVR002")
    assert sorted(f["rule"] for f in json.loads(out)["findings"]) == ["ORG001", "WVR002"]


def test_waiver_for_a_custom_rule_needs_the_policy(project, capsys) -> None:
    (project / "bp.yaml").write_text(BLUEPRINT + "waivers:\n  - {rule: ORG001, element: cache, reason: known}\n")
    code, out = run(capsys, "--no-config")
    assert code == 2 and "waiver names unknown rule `ORG001`" in out


@pytest.mark.parametrize("command", [["report", "bp.yaml"], ["graph", "bp.yaml", "--format", "json"]])
def test_other_commands_load_waivers_of_custom_rules(project, capsys, command) -> None:
    (project / "bp.yaml").write_text(BLUEPRINT + "waivers:\n  - {rule: ORG001, element: cache, reason: known}\n")
    assert main(command) == 0, capsys.readouterr().err


def test_policy_files_named_on_the_command_line_are_not_linted_as_blueprints(project, capsys) -> None:
    """pre-commit passes every changed YAML file; a changed policy is validated, not linted."""
    code, out = run(capsys, "policies/stores.yaml", "--select", "ORG")
    assert code == 1 and "ORG001" in out and "policies/stores.yaml" not in out
    (project / "policies" / "stores.yaml").write_text(POLICY.replace("severity: error", "severity: fatal"))
    assert main(["lint", "policies/stores.yaml"]) == 2
    assert "policies/stores.yaml:3:11:" in capsys.readouterr().err


def test_inline_ignore(project, capsys) -> None:
    lines = BLUEPRINT.splitlines()
    lines[CACHE_LINE - 1] += "  # archlint: ignore[ORG001]"
    (project / "bp.yaml").write_text("\n".join(lines) + "\n")
    assert org_findings(capsys) == []


def test_baseline(project, capsys) -> None:
    assert main(["lint", "bp.yaml", "--select", "ORG", "--write-baseline", "base.json"]) == 0
    capsys.readouterr()
    assert org_findings(capsys, "--baseline", "base.json") == []


@pytest.mark.parametrize("form, expected", [
    ("text", f"bp.yaml:{CACHE_LINE}:43: ORG001 [error] Data stores span two AZs: `cache` runs in 1 AZ(s)"),
    ("github", "title=ORG001 stores-in-two-azs::Data stores span two AZs"),
    ("junit", 'name="ORG001 stores-in-two-azs"'),
    ("sarif", '"ruleId": "ORG001"'),
])
def test_every_output_format(project, capsys, form, expected) -> None:
    code, out = run(capsys, "--format", form, "--select", "ORG")
    assert code == 1 and expected in out


def test_sarif_describes_the_policy(project, capsys) -> None:
    _, out = run(capsys, "--format", "sarif", "--select", "ORG")
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    [descriptor] = [r for r in rules if r["id"] == "ORG001"]
    assert descriptor["name"] == "stores-in-two-azs"
    assert "Data stores span two AZs" in json.dumps(descriptor)


def test_listed_and_documented(project, capsys) -> None:
    assert main(["rules"]) == 0
    assert "ORG001   stores-in-two-azs" in capsys.readouterr().out
    assert main(["rule", "ORG001"]) == 0
    out = capsys.readouterr().out
    assert "policy policies/stores.yaml" in out.splitlines()[0]
    assert "Checks components with tier data: runs in at least 2 AZs." in out
