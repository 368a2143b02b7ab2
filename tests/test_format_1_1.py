"""Format 1.1: flow `auth`, `organization`, `engine`, `autoscaling.min: 0`, `assumed_by`.

Bad values are refused with their line (exit 2, no traceback), good ones are
accepted and change what the rules see; the keys show in `types` and `schema`;
a finding caused by an overlay's `null` points at the overlay.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import lint_paths
from linter.cli import main
from linter.loading import LoadError, load_blueprint
from linter.rules import builtin_rules

HEAD = """\
blueprint: shop
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
networks:
  shop:
    cidr: 10.0.0.0/16
    flow_logs: true
    subnets:
      app-a: {az: us-east-1a, cidr: 10.0.10.0/24}
      app-b: {az: us-east-1b, cidr: 10.0.11.0/24}
"""


def write(tmp_path: Path, text: str, name: str = "bp.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def problem_lines(tmp_path: Path, text: str) -> list[int]:
    with pytest.raises(LoadError) as caught:
        load_blueprint(str(write(tmp_path, text)), builtin_rules())
    return [p.pos.line for p in caught.value.problems]


@pytest.mark.parametrize("body, line", [
    ("components:\n  a: {type: aws.lambda}\n  b: {type: aws.lambda}\nflows:\n  - {from: a, to: b, auth: password}\n", 15),
    ("organization: {cloudtrial: true}\n", 11),
    ("organization: {cloudtrail: yes-please}\n", 11),
    ("components:\n  db: {type: aws.rds, subnets: [app-a], engine: memcached}\n", 12),
    ("components:\n  cache: {type: aws.elasticache, subnets: [app-a], engine: redis7}\n", 12),
    ("components:\n  table: {type: aws.dynamodb, engine: dynamo}\n", 12),
    ("components:\n  web: {type: aws.ecs, subnets: [app-a], autoscaling: {min: -1, max: 2}}\n", 12),
    ("iam:\n  r:\n    assumed_by: s3\n    allow: []\n", 13),
])
def test_bad_1_1_values_are_refused_at_their_line(tmp_path, body, line):
    assert line in problem_lines(tmp_path, HEAD + body)


def test_bad_1_1_values_exit_2_without_traceback(tmp_path, capsys):
    path = write(tmp_path, HEAD + "organization: {cloudtrial: true}\ncomponents:\n  db: {type: aws.rds, subnets: [app-a], engine: postgress}\n")
    assert main(["lint", str(path), "--no-config"]) == 2
    err = capsys.readouterr()
    assert "Traceback" not in err.out + err.err
    assert ":11:" in err.out + err.err and ":13:" in err.out + err.err  # both problems at once
    assert "cloudtrail" in err.out + err.err  # the did-you-mean names the key


def test_good_1_1_values_are_accepted(tmp_path):
    blueprint = load_blueprint(str(write(tmp_path, HEAD + """\
        organization: {cloudtrail: true, guardduty: true, config: false}
        components:
          users: {type: external.users}
          api: {type: aws.api_gateway}
          cache: {type: aws.elasticache, subnets: [app-a, app-b], engine: memcached, count: 2}
          db: {type: aws.aurora, subnets: [app-a, app-b], engine: aurora-postgresql}
          web: {type: aws.ecs, subnets: [app-a, app-b], autoscaling: {min: 0, max: 4}}
          bucket: {type: aws.s3}
        flows:
          - {from: users, to: api, auth: cognito}
        iam:
          replication:
            assumed_by: s3.amazonaws.com
            allow: [{actions: [s3:ReplicateObject], resources: [bucket]}]
        """.replace("        ", ""))), builtin_rules())
    assert blueprint.organization == {"cloudtrail": True, "guardduty": True, "config": False}
    assert blueprint.flows[0].auth == "cognito"
    assert blueprint.roles["replication"].assumed_by == "s3.amazonaws.com"
    cache, web = blueprint.components["cache"], blueprint.components["web"]
    assert not cache.stateful and not cache.multi_az  # shards are not copies
    assert web.effective_count == 0 and not web.redundant


def test_types_and_schema_publish_the_1_1_keys(capsys):
    assert main(["types"]) == 0
    out = capsys.readouterr().out
    assert "memcached" in out and "aurora-postgresql" in out and "cognito" in out and "assumed_by" in out and "organization" in out
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["properties"]["organization"]["properties"]) == {"cloudtrail", "guardduty", "config"}
    assert "auth" in schema["properties"]["flows"]["items"]["allOf"][1]["then"]["properties"]  # the branch for a flow written as a map
    assert "engine" in schema["properties"]["components"]["additionalProperties"]["properties"]
    assert schema["properties"]["components"]["additionalProperties"]["properties"]["autoscaling"]["properties"]["min"]["minimum"] == 0
    role = schema["properties"]["iam"]["additionalProperties"]
    assert "assumed_by" in role["properties"]


@pytest.mark.parametrize("removed, rule", [("encrypted", "SEC003"), ("multi_az", "AZ001")])
def test_finding_caused_by_overlay_null_points_at_the_overlay(tmp_path, removed, rule):
    write(tmp_path, HEAD + "components:\n  db: {type: aws.rds, subnets: [app-a, app-b], multi_az: true, encrypted: true}\n", "base.yaml")
    overlay = write(tmp_path, f"extends: base.yaml\nblueprint: shop-next\ncomponents:\n  db:\n    {removed}: null\n", "next.yaml")
    report = lint_paths([overlay], select=[rule])
    (finding,) = [f for f in report.findings if f.rule == rule]
    assert finding.file.endswith("next.yaml") and finding.line == 5


def test_overlay_that_sets_the_value_again_points_at_it(tmp_path):
    write(tmp_path, HEAD + "components:\n  db: {type: aws.rds, subnets: [app-a, app-b], encrypted: true, multi_az: true}\n", "base.yaml")
    write(tmp_path, "extends: base.yaml\nblueprint: shop-mid\ncomponents:\n  db: {encrypted: null}\n", "mid.yaml")
    top = write(tmp_path, "extends: mid.yaml\nblueprint: shop-top\ncomponents:\n  db:\n    encrypted: false\n", "top.yaml")
    (finding,) = lint_paths([top], select=["SEC003"]).findings
    assert finding.file.endswith("top.yaml") and finding.line == 5


def test_memcached_is_no_default_availability_target_and_shards_fail_with_their_az(tmp_path):
    path = write(tmp_path, HEAD + """\
        targets: {availability: 99.0}
        components:
          users: {type: external.users}
          app: {type: aws.ecs, subnets: [app-a, app-b], autoscaling: {min: 2, max: 4}}
          cache: {type: aws.elasticache, subnets: [app-a, app-b], engine: memcached, count: 2}
          db: {type: aws.rds, subnets: [app-a, app-b], engine: postgres, multi_az: true, encrypted: true}
        flows: [users -> app, app -> cache, app -> db]
        """.replace("        ", ""))
    from linter.analysis.resilience import resilience
    from linter.graph import Context
    blueprint = load_blueprint(str(path), builtin_rules())
    analysis = resilience(Context(blueprint))
    assert analysis.estimate.targets == ["db"]
    assert all("cache" in outage.fails for outage in analysis.az_outages)


@pytest.mark.parametrize("text, wanted", [
    ("blueprint: x\norganisation: {cloudtrail: true}\n", "organization"),
    ("blueprint: x\ncomponents:\n  a: {type: aws.lambda}\nflows:\n  - {from: a, to: a, auht: iam}\n", "auth"),
    ("blueprint: x\nregions:\n  r: {azs: [r-a]}\ncomponents:\n  c: {type: aws.elasticache, azs: [r-a], engin: redis}\n", "engine"),
    ("blueprint: x\niam:\n  r: {asumed_by: s3.amazonaws.com}\n", "assumed_by"),
])
def test_misspelt_1_1_keys_get_did_you_mean(tmp_path, text, wanted):
    with pytest.raises(LoadError) as caught:
        load_blueprint(str(write(tmp_path, text)), builtin_rules())
    assert any(f"`{wanted}`" in p.message for p in caught.value.problems)


def test_graph_export_shows_engine_and_that_memcached_holds_no_data(tmp_path):
    from linter.graph import node_attributes
    path = write(tmp_path, HEAD + "components:\n  cache: {type: aws.elasticache, subnets: [app-a], engine: memcached}\n"
                                  "  sessions: {type: aws.elasticache, subnets: [app-a], engine: redis}\n")
    components = load_blueprint(str(path), builtin_rules()).components
    assert node_attributes(components["cache"])["stateful"] is False
    assert node_attributes(components["sessions"])["stateful"] is True
    assert node_attributes(components["cache"])["engine"] == "memcached"
