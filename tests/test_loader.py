"""Loader: every bad input gets a clear `file:line:col` problem, all at once, never a traceback."""
from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from linter.loading import LoadError, load_blueprint
from linter.rules import builtin_rules

HEAD = """\
blueprint: shop
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
networks:
  shop:
    cidr: 10.0.0.0/16
    subnets:
      app-a: {az: us-east-1a, cidr: 10.0.10.0/24}
      app-b: {az: us-east-1b, cidr: 10.0.11.0/24}
"""


def load(tmp_path: Path, text: str, name: str = "bp.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return load_blueprint(str(path), builtin_rules())


def problems(tmp_path: Path, text: str, name: str = "bp.yaml") -> list[tuple[int, int, str]]:
    with pytest.raises(LoadError) as caught:
        load(tmp_path, text, name)
    return [(p.pos.line, p.pos.col, p.message) for p in caught.value.problems]


def only(tmp_path: Path, text: str) -> tuple[int, int, str]:
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    return found[0]


# -- YAML level -----------------------------------------------------------------
def test_duplicate_key(tmp_path):
    line, col, message = only(tmp_path, HEAD + "components:\n  a: {type: aws.s3}\n  a: {type: aws.sqs}\n")
    assert (line, col) == (12, 3) and "duplicate key `a`" in message and "line 11" in message


def test_python_tag_is_refused_without_running_code(tmp_path):
    line, _, message = only(tmp_path, HEAD + "description: !!python/object/apply:os.system ['touch pwned']\n")
    assert line == 10 and "tag `!!python/object/apply:os.system` is not allowed" in message
    assert not (tmp_path / "pwned").exists()


def test_custom_tag_is_refused(tmp_path):
    assert "tag `!Ref`" in only(tmp_path, HEAD + "description: !Ref x\n")[2]


def test_alias_bomb_is_refused_quickly(tmp_path):
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    line, _, message = only(tmp_path, HEAD + "\n".join("x-" + r for r in rows) + "\n")
    assert "alias bomb" in message and time.perf_counter() - started < 2


def test_recursive_alias(tmp_path):
    assert "recursive alias" in only(tmp_path, HEAD + "x-a: &a [1, *a]\n")[2]


def test_undefined_alias(tmp_path):
    line, _, message = only(tmp_path, HEAD + "x-a: [1, *nowhere]\n")
    assert "*nowhere refers to no anchor" in message and line == HEAD.count("\n") + 1


def test_deep_nesting_is_refused_before_libyaml_can_crash(tmp_path):
    started = time.perf_counter()
    line, col, message = only(tmp_path, "x-deep: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert line == 1 and time.perf_counter() - started < 5  # refused with a position, whichever layer refuses


def test_file_over_10_mib(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("blueprint: huge\n" + "#" * (10 * 1024 * 1024) + "\n")
    with pytest.raises(LoadError) as caught:
        load_blueprint(str(path), builtin_rules())
    assert "10 MiB" in caught.value.problems[0].message


def test_non_utf8(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"blueprint: caf\xe9\n")
    with pytest.raises(LoadError) as caught:
        load_blueprint(str(path), builtin_rules())
    problem = caught.value.problems[0]
    assert (problem.pos.line, problem.pos.col) == (1, 15) and "not valid UTF-8" in problem.message


def test_binary_file(tmp_path):
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(LoadError) as caught:
        load_blueprint(str(path), builtin_rules())
    assert "binary file" in caught.value.problems[0].message


@pytest.mark.parametrize("text", ["", "\n# only a comment\n", "---\n"])
def test_empty_file(tmp_path, text):
    assert "empty file" in only(tmp_path, text)[2]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_top_level_not_a_map(tmp_path, text):
    assert "top-level value of a blueprint must be a map" in only(tmp_path, text)[2]


def test_invalid_yaml_syntax(tmp_path):
    line, _, message = only(tmp_path, "blueprint: x\ncomponents: [a,\n")
    assert line == 3 and message.startswith("invalid YAML")


def test_two_documents(tmp_path):
    assert "more than one YAML document" in only(tmp_path, "blueprint: a\n---\nblueprint: b\n")[2]


# -- format level ---------------------------------------------------------------
def test_all_problems_are_reported_together(tmp_path):
    found = problems(tmp_path, HEAD + textwrap.dedent("""\
        colour: blue
        components:
          app: {type: aws.lambda, multi_az: true}
          db: {type: aws.rdss}
          web: {type: aws.ec2, subnets: [app-c]}
        flows:
          - app -> ledgr
    """))
    lines = [line for line, _, _ in found]
    assert lines == sorted(lines) and len(found) == 5
    messages = " | ".join(m for _, _, m in found)
    assert "unknown key `colour`" in messages
    assert "`multi_az` does not apply to aws.lambda" in messages
    assert "unknown type `aws.rdss` of component `db`; did you mean `aws.rds`?" in messages
    assert "unknown subnet `app-c`; did you mean `app-b`?" in messages
    assert "unknown component `ledgr`" in messages


def test_unknown_key_did_you_mean(tmp_path):
    line, col, message = only(tmp_path, HEAD + "components:\n  db: {type: aws.rds, subnets: [app-a], multi_azz: true}\n")
    assert (line, col) == (11, 41) and "did you mean `multi_az`?" in message


def test_dangling_flow_reference_names_closest_id(tmp_path):
    line, _, message = only(tmp_path, HEAD + "components:\n  ledger: {type: aws.dynamodb}\n  app: {type: aws.lambda}\nflows:\n  - {from: app, to: ledgr}\n")
    assert line == 14 and "did you mean `ledger`?" in message


@pytest.mark.parametrize("name", ["Shop", "-shop", "shop_1", "s" * 64])
def test_bad_blueprint_name(tmp_path, name):
    assert "blueprint name" in only(tmp_path, f"blueprint: {name}\n")[2]


def test_bad_component_id(tmp_path):
    assert "invalid component id `-x`" in only(tmp_path, "blueprint: a\ncomponents:\n  -x: {type: aws.s3}\n")[2]


def test_ids_are_unique_across_the_blueprint(tmp_path):
    line, _, message = only(tmp_path, HEAD + "components:\n  app-a: {type: aws.s3}\n")
    assert line == 11 and "already used by the subnet" in message


@pytest.mark.parametrize("cidr, words", [("10.0.0.0/33", "not a valid IPv4 CIDR"), ("10.0.0.1/16", "not a valid IPv4 CIDR"), ("banana", "not a valid IPv4 CIDR")])
def test_bad_cidr(tmp_path, cidr, words):
    assert words in only(tmp_path, f"blueprint: a\nregions: {{r: {{azs: [r-a]}}}}\nnetworks:\n  n: {{cidr: {cidr}}}\n")[2]


def test_subnet_outside_network_and_overlapping(tmp_path):
    found = problems(tmp_path, textwrap.dedent("""\
        blueprint: a
        regions: {r: {azs: [r-a]}}
        networks:
          n:
            cidr: 10.0.0.0/16
            subnets:
              s1: {az: r-a, cidr: 10.0.0.0/24}
              s2: {az: r-a, cidr: 10.0.0.128/25}
              s3: {az: r-a, cidr: 10.9.0.0/24}
    """))
    assert [(line, "overlaps" in m, "outside" in m) for line, _, m in found] == [(8, True, False), (9, False, True)]


def test_az_not_in_region(tmp_path):
    line, _, message = only(tmp_path, HEAD.replace("az: us-east-1b", "az: us-east-1z"))
    assert line == 9 and "AZ `us-east-1z` of subnet `app-b` is not an AZ of region `us-east-1`" in message


def test_component_in_two_networks(tmp_path):
    text = HEAD + "  other:\n    cidr: 10.1.0.0/16\n    subnets: {o-a: {az: us-east-1a, cidr: 10.1.0.0/24}}\n"
    text += "components:\n  app: {type: aws.ec2, subnets: [app-a, o-a]}\n"
    assert "in subnets of two networks (other, shop)" in only(tmp_path, text)[2]


def test_replica_of_another_type(tmp_path):
    text = HEAD + "components:\n  db: {type: aws.rds, subnets: [app-a]}\n  copy: {type: aws.aurora, subnets: [app-b], replica_of: db}\n"
    line, _, message = only(tmp_path, text)
    assert line == 12 and "a aws.rds; it must be a aws.aurora" in message


def test_region_required_with_two_regions(tmp_path):
    text = "blueprint: a\nregions:\n  r1: {azs: [a1]}\n  r2: {azs: [b1]}\nnetworks:\n  n: {cidr: 10.0.0.0/16}\n"
    assert "needs `region`" in only(tmp_path, text)[2]


def test_durations_and_targets(tmp_path):
    found = problems(tmp_path, "blueprint: a\ntargets: {availability: 100, rpo: 5 minutes, rto: 15m}\n")
    assert len(found) == 2 and "strictly between 0 and 100" in found[0][2] and "duration" in found[1][2]


def test_waiver_with_unknown_rule(tmp_path):
    text = "blueprint: a\nwaivers:\n  - {rule: SPOF002, element: x, reason: accepted}\n"
    assert "waiver names unknown rule `SPOF002`; did you mean `SPOF001`?" in only(tmp_path, text)[2]


def test_global_type_has_no_region(tmp_path):
    assert "has no region" in only(tmp_path, HEAD + "components:\n  cdn: {type: aws.cloudfront, region: us-east-1}\n")[2]


def test_bad_ports(tmp_path):
    text = HEAD + "components:\n  a: {type: aws.lambda}\n  b: {type: aws.lambda}\nflows:\n  - {from: a, to: b, port: 70000}\n"
    assert "`port` of the flow at line 14" in only(tmp_path, text)[2]


# -- what loads -----------------------------------------------------------------
def test_flows_expand_lists_and_number_duplicates(tmp_path):
    blueprint = load(tmp_path, HEAD + textwrap.dedent("""\
        components:
          app: {type: aws.lambda}
          q1: {type: aws.sqs}
          q2: {type: aws.sqs}
        flows:
          - {from: app, to: [q1, q2], port: [443, "8000-8100"], protocol: https}
          - app -> q1
    """))
    assert [f.id for f in blueprint.flows] == ["app->q1", "app->q2", "app->q1#2"]
    assert blueprint.flows[0].ports == [(443, 443), (8000, 8100)] and blueprint.flows[0].tls is True
    assert blueprint.flows[2].tls is True  # SQS is IAM-called: signed API calls use TLS


def test_extension_keys_production_alias_and_merge_keys(tmp_path):
    blueprint = load(tmp_path, HEAD + textwrap.dedent("""\
        environment: production
        x-owner: {team: payments}
        x-defaults: &defaults {type: aws.ecs, subnets: [app-a, app-b]}
        components:
          web: {<<: *defaults, count: 2, x-note: anything}
    """))
    web = blueprint.components["web"]
    assert blueprint.environment == "prod" and web.type == "aws.ecs" and web.multi_az


def test_overlay_merges_and_keeps_base_positions(tmp_path):
    (tmp_path / "base.yaml").write_text(HEAD + "components:\n  web: {type: aws.ecs, subnets: [app-a, app-b], count: 2}\n  db: {type: aws.rds, subnets: [app-a], multi_az: true}\n")
    blueprint = load(tmp_path, "extends: base.yaml\nblueprint: shop-dev\nenvironment: dev\ncomponents:\n  db: {multi_az: null}\n  web: {count: 1}\n", "dev.yaml")
    assert blueprint.environment == "dev" and "multi_az" not in blueprint.components["db"].spec
    assert blueprint.components["web"].effective_count == 1
    assert blueprint.locate("component", "web").file.endswith("base.yaml")
    assert blueprint.locate("component", "web", "count").file.endswith("dev.yaml")
    assert len(blueprint.files) == 2


def test_extends_cycle(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nblueprint: a\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nblueprint: b\n")
    with pytest.raises(LoadError) as caught:
        load_blueprint(str(tmp_path / "a.yaml"), builtin_rules())
    assert any("`extends` cycle" in p.message for p in caught.value.problems)


def test_extends_missing_and_broken_base(tmp_path):
    assert "not found" in only(tmp_path, "extends: nowhere.yaml\nblueprint: a\n")[2]
    (tmp_path / "broken.yaml").write_text("blueprint: b\nblueprint: c\n")
    found = problems(tmp_path, "extends: broken.yaml\nblueprint: a\n")
    assert "cannot be loaded" in found[0][2] and "duplicate key" in found[1][2]


def test_inline_ignore_comments_are_collected(tmp_path):
    blueprint = load(tmp_path, HEAD + "components:\n  db:  # archlint: ignore[AZ001, SPOF001] rebuilt nightly\n    type: aws.s3\n")
    assert blueprint.inline_ignores == {(blueprint.file, 11): {"AZ001", "SPOF001"}}


def test_a_malformed_transit_gateway_is_reported_once(tmp_path):
    found = problems(tmp_path, """\
        blueprint: t
        regions:
          us-east-1: {azs: [us-east-1a, us-east-1b]}
        networks:
          a: {cidr: 10.0.0.0/16}
        connectivity:
          transit_gateways:
            "bad id": {attachments: [a]}
            hub: 5
        """)
    assert [(line, col) for line, col, _ in found] == [(8, 5), (9, 10)]
