"""`archlint drift`: differences between a design and the code, in every output format."""
from __future__ import annotations

import json

import pytest

from importer_helpers import WORDPRESS, imported, run  # noqa: F401 - fixtures


@pytest.fixture
def design(run, tmp_path):
    """The imported WordPress blueprint with `edit` applied: a design that has drifted."""
    def make(*edits: tuple[str, str]):
        path = tmp_path / "design.yaml"
        run("import", "cfn", WORDPRESS, "--output", path)
        text = path.read_text()
        for old, new in edits:
            assert old in text
            text = text.replace(old, new, 1)
        path.write_text(text)
        return path
    return make


def drift(run, path, *options):
    status, out, err = run("drift", path, "--cloudformation", WORDPRESS, "--format", "json", *options)
    return status, (json.loads(out)["findings"] if out else []), err


def test_an_unchanged_import_has_no_drift(run, design) -> None:
    status, findings, _ = drift(run, design())
    assert status == 0 and findings == []


def test_count_backup_and_missing_components_are_found_at_their_design_line(run, design) -> None:
    path = design(("    count: 2\n", "    count: 3\n"), ("backup: {retention_days: 30}", "backup: {retention_days: 35}"),
                  ("components:\n", "components:\n  shield-waf: {type: aws.waf}\n"))
    status, findings, _ = drift(run, path)
    assert status == 1
    by_rule = {(f["rule"], f["element"]): f for f in findings}
    lines = path.read_text().splitlines()
    count = by_rule[("DRIFT004", "DatabaseCluster")]
    assert lines[count["line"] - 1].strip() == "count: 3"
    assert "aws-refarch-wordpress-03-rds.yaml:158" in count["message"]
    assert ("DRIFT005", "DatabaseCluster") in by_rule
    assert lines[by_rule[("DRIFT001", "shield-waf")]["line"] - 1].startswith("  shield-waf:")


def test_a_component_only_the_code_has_is_reported(run, tmp_path) -> None:
    template = tmp_path / "stack.yaml"
    template.write_text("Resources:\n  Orders: {Type: AWS::SQS::Queue}\n  Audit:\n    Type: AWS::SNS::Topic\n")
    design = tmp_path / "design.yaml"
    design.write_text("blueprint: shop\nregions: {us-east-1: {azs: [us-east-1a]}}\ncomponents:\n  orders: {type: aws.sqs}\n")
    status, out, _ = run("drift", design, "--cfn", template, "--format", "json")
    findings = json.loads(out)["findings"]
    assert status == 1
    assert [(f["rule"], f["element"], f["line"]) for f in findings] == [("DRIFT002", "Audit", 3)]
    assert "stack.yaml:3" in findings[0]["message"]


def test_placement_and_multi_az_drift(run, design) -> None:
    path = design(("    subnets: [WebSubnet0, WebSubnet1, WebSubnet2]\n", "    subnets: [WebSubnet0, WebSubnet1]\n"))
    findings = drift(run, path)[1]
    assert [f["element"] for f in findings if f["rule"] == "DRIFT003"] == ["WebAutoScalingGroup"]


def test_a_designed_flow_no_security_group_allows(run, design) -> None:
    path = design(("flows:\n", "flows:\n- {from: BastionAutoScalingGroup, to: DatabaseCluster, port: 3306}\n"))
    findings = drift(run, path)[1]
    assert [f["element"] for f in findings if f["rule"] == "DRIFT006"] == ["BastionAutoScalingGroup->DatabaseCluster"]


def test_exposure_the_design_does_not_show(run, design) -> None:
    path = design(("- from: internet\n  to: PublicApplicationLoadBalancer\n", "- from: WebAutoScalingGroup\n  to: PublicApplicationLoadBalancer\n"),
                  ("    subnets: [PublicSubnet0, PublicSubnet1, PublicSubnet2]\n    x-source: {file: tests/importers/real/wordpress/aws-refarch-wordpress-03-publicalb.yaml",
                   "    subnets: [PublicSubnet0, PublicSubnet1, PublicSubnet2]\n    public: false\n    x-source: {file: tests/importers/real/wordpress/aws-refarch-wordpress-03-publicalb.yaml"))
    findings = drift(run, path)[1]
    assert [f["element"] for f in findings if f["rule"] == "DRIFT007"] == ["PublicApplicationLoadBalancer"]


@pytest.mark.parametrize("fmt, marker", [("text", "DRIFT004"), ("sarif", '"ruleId": "DRIFT004"'),
                                         ("junit", "DRIFT004"), ("github", "title=DRIFT004")])
def test_drift_findings_in_every_output_format(run, design, fmt, marker) -> None:
    path = design(("    count: 2\n", "    count: 3\n"))
    status, out, _ = run("drift", path, "--cfn", WORDPRESS, "--format", fmt)
    assert status == 1 and marker in out


def test_bad_blueprint_or_template_exits_2(run, design, tmp_path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources: [\n")
    status, _, err = run("drift", design(), "--cfn", broken)
    assert status == 2 and "broken.yaml:2:" in err and "Traceback" not in err
    assert run("drift", tmp_path / "absent.yaml", "--cfn", WORDPRESS)[0] == 2
