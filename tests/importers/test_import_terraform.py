"""`archlint import terraform` and `archlint drift --terraform`: plan and state JSON."""
from __future__ import annotations

import json

import pytest

from importer_helpers import REAL, imported, run  # noqa: F401 - fixtures

TERRAGOAT = REAL / "terraform" / "terragoat-plan.json"

STATE = {
    "format_version": "1.0", "terraform_version": "1.9.0",
    "values": {"root_module": {"child_modules": [{"address": "module.data", "resources": [
        {"address": "module.data.aws_sqs_queue.dlq", "mode": "managed", "type": "aws_sqs_queue", "name": "dlq",
         "values": {"id": "https://sqs/dlq", "arn": "arn:aws:sqs:eu-west-1:1:dlq"}},
        {"address": "module.data.aws_sqs_queue.jobs[0]", "mode": "managed", "type": "aws_sqs_queue", "name": "jobs", "index": 0,
         "values": {"id": "https://sqs/jobs", "arn": "arn:aws:sqs:eu-west-1:1:jobs",
                    "redrive_policy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:1:dlq\"}"}},
        {"address": "module.data.aws_dynamodb_table.orders", "mode": "managed", "type": "aws_dynamodb_table", "name": "orders",
         "values": {"id": "orders", "arn": "arn:aws:dynamodb:eu-west-1:1:table/orders",
                    "point_in_time_recovery": [{"enabled": True}], "replica": [{"region_name": "eu-central-1"}]}},
        {"address": "module.data.aws_lambda_event_source_mapping.jobs", "mode": "managed",
         "type": "aws_lambda_event_source_mapping", "name": "jobs",
         "values": {"event_source_arn": "arn:aws:sqs:eu-west-1:1:jobs", "function_name": "arn:aws:lambda:eu-west-1:1:function:w"}},
        {"address": "module.data.aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function", "name": "worker",
         "values": {"id": "w", "arn": "arn:aws:lambda:eu-west-1:1:function:w"}},
        {"address": "module.data.aws_gadget.thing", "mode": "managed", "type": "aws_gadget", "name": "thing", "values": {}},
    ]}]}},
}


def test_terragoat_plan_imports_with_placement_and_attributes(imported) -> None:
    data = imported("terraform", TERRAGOAT)
    assert list(data["regions"]) == ["us-west-2"]
    db = data["components"]["db_instance.default"]
    assert db["type"] == "aws.rds" and db["multi_az"] is False and db["encrypted"] is False
    assert db["subnets"] == ["web_subnet", "web_subnet2"]
    assert data["components"]["eks_cluster"]["subnets"] == ["eks_subnet1", "eks_subnet2"]
    assert data["components"]["db_instance.default"]["x-source"]["id"] == "aws_db_instance.default"
    flows = {(f["from"], f["to"]) for f in data["flows"]}
    assert ("internet", "web_host") in flows


def test_the_imported_plan_lints(run, tmp_path) -> None:
    target = tmp_path / "tg.yaml"
    assert run("import", "tf", TERRAGOAT, "--output", target)[0] == 0
    status, out, _ = run("lint", target, "--format", "json", "--no-config")
    assert status == 1
    assert {"SPOF001", "LP005"} & {f["rule"] for f in json.loads(out)["findings"]}


def test_state_json_links_resources_by_their_ids(imported, tmp_path) -> None:
    state = tmp_path / "state.json"
    state.write_text(json.dumps(STATE, indent=2))
    data = imported("tf", state, "--region", "eu-west-1")
    components = data["components"]
    assert components["data.jobs-0"]["dlq"] == "data.dlq"
    assert components["data.orders"]["backup"] == {"pitr": True}
    assert components["data.orders"]["global_table_regions"] == ["eu-central-1"]
    assert {"from": "data.jobs-0", "to": "data.worker", "async": True} in [{k: v for k, v in f.items() if k != "x-source"} for f in data["flows"]]
    assert "# Not imported: aws_gadget" in (tmp_path / "imported.yaml").read_text()


@pytest.mark.parametrize("text, line, words", [
    ('{"format_version": "2.0", "planned_values": {}}', 1, "format version 2.0"),
    ('{\n  "resources": []\n}', 1, "format_version"),
    ('{\n  "format_version": \n', 3, "not `terraform show -json`"),
])
def test_bad_plans_exit_2_with_a_position(run, tmp_path, text, line, words) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(text)
    status, _, err = run("import", "terraform", plan)
    assert status == 2 and f"plan.json:{line}:" in err and words in err and "Traceback" not in err


def test_drift_against_a_plan(run, tmp_path) -> None:
    design = tmp_path / "design.yaml"
    run("import", "tf", TERRAGOAT, "--output", design)
    design.write_text(design.read_text().replace("    multi_az: false\n", "    multi_az: true\n", 1))
    status, out, _ = run("drift", design, "--terraform", TERRAGOAT, "--format", "json")
    findings = json.loads(out)["findings"]
    assert status == 1
    assert [(f["rule"], f["element"]) for f in findings] == [("DRIFT005", "db_instance.default")]
