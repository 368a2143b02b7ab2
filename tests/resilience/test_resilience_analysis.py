"""Resilience analysis: hand-computed availabilities, AZ outages, RPO, `archlint report`."""
from __future__ import annotations

import json
import textwrap

import pytest

from linter.cli import main
from linter.analysis.resilience import resilience
from linter.graph import Context
from linter.loading import load_blueprint
from linter.rules import builtin_rules


def analysis(tmp_path, text: str):
    path = tmp_path / "bp.yaml"
    path.write_text(textwrap.dedent(text))
    return resilience(Context(load_blueprint(str(path), builtin_rules())))


def estimate(tmp_path, text: str) -> float:
    return analysis(tmp_path, text).estimate.percent / 100


def test_pure_series(tmp_path):
    value = estimate(tmp_path, """\
        blueprint: series
        components:
          users: {type: external.users}
          cdn: {type: aws.cloudfront}
          api: {type: aws.api_gateway}
          table: {type: aws.dynamodb}
        flows: [users -> cdn, cdn -> api, api -> table]
    """)
    assert value == pytest.approx(0.999 * 0.9995 * 0.9999, abs=1e-12)


def test_pure_parallel_with_sla_overrides(tmp_path):
    value = estimate(tmp_path, """\
        blueprint: parallel
        components:
          users: {type: external.users}
          a: {type: aws.lambda, sla: 99}
          b: {type: aws.lambda, sla: 99}
          table: {type: aws.dynamodb, sla: 100}
        flows: [users -> a, users -> b, a -> table, b -> table]
    """)
    assert value == pytest.approx(1 - 0.01 ** 2, abs=1e-12)


TWO_REGIONS = """\
    blueprint: failover
    regions:
      r1: {azs: [r1a]}
      r2: {azs: [r2a]}
    components:
      users: {type: external.users}
      dns: {type: aws.route53}
      app1: {type: aws.lambda, region: r1, sla: 99}
      app2: {type: aws.lambda, region: r2, sla: 99}
      db1: {type: aws.dynamodb, region: r1, sla: 99}
      db2: {type: aws.dynamodb, region: r2, sla: 99, replica_of: db1}
    flows: [users -> dns, dns -> app1, dns -> app2, app1 -> db1, app2 -> db2]
"""


def test_two_region_failover_with_replica(tmp_path):
    result = analysis(tmp_path, TWO_REGIONS)
    assert result.estimate.targets == ["db1"]
    assert result.estimate.percent / 100 == pytest.approx(1 - (1 - 0.99 * 0.99) ** 2, abs=1e-12)


def test_shared_component_reached_from_both_regions(tmp_path):
    value = estimate(tmp_path, """\
        blueprint: shared
        components:
          users: {type: external.users}
          waf: {type: aws.waf, sla: 99}
          app1: {type: aws.lambda, sla: 99}
          app2: {type: aws.lambda, sla: 99}
          table: {type: aws.dynamodb, sla: 100}
        flows: [users -> waf, waf -> app1, waf -> app2, app1 -> table, app2 -> table]
    """)
    assert value == pytest.approx(0.99 * (1 - 0.01 ** 2), abs=1e-12)


def test_critical_targets_replace_the_stores(tmp_path):
    result = analysis(tmp_path, """\
        blueprint: critical
        components:
          users: {type: external.users}
          api: {type: aws.api_gateway, critical: true}
          fn: {type: aws.lambda, sla: 50}
          table: {type: aws.dynamodb}
        flows: [users -> api, api -> fn, fn -> table]
    """)
    assert result.estimate.targets == ["api"] and result.estimate.percent == pytest.approx(99.95)


def test_multi_az_figure_for_multi_az_zonal_components(tmp_path):
    text = """\
        blueprint: zonal
        regions: {r: {azs: [a, b]}}
        networks:
          n: {cidr: 10.0.0.0/16, subnets: {s1: {az: a, cidr: 10.0.1.0/24}, s2: {az: b, cidr: 10.0.2.0/24}}}
        components:
          users: {type: external.users}
          db: {type: aws.rds, subnets: [s1, s2], multi_az: MULTI}
        flows: [users -> db]
    """
    assert estimate(tmp_path, text.replace("MULTI", "true")) == pytest.approx(0.9995)
    assert estimate(tmp_path, text.replace("MULTI", "false")) == pytest.approx(0.995)


def test_nothing_to_serve_has_no_estimate(tmp_path):
    result = analysis(tmp_path, "blueprint: empty\ncomponents:\n  fn: {type: aws.lambda}\n")
    assert result.estimate.percent is None


AZ_BASE = """\
    blueprint: azs
    regions: {r: {azs: [a, b]}}
    networks:
      n:
        cidr: 10.0.0.0/16
        subnets:
          pa: {az: a, cidr: 10.0.1.0/24, public: true}
          pb: {az: b, cidr: 10.0.2.0/24, public: true}
          sa: {az: a, cidr: 10.0.3.0/24}
          sb: {az: b, cidr: 10.0.4.0/24}
    components:
      users: {type: external.users}
"""


def outages(tmp_path, text: str) -> dict[str, tuple[list[str], list[str]]]:
    return {o.az: (o.fails, o.cut_off) for o in analysis(tmp_path, AZ_BASE + textwrap.indent(textwrap.dedent(text), "    ")).az_outages}


def test_per_az_nat_gateways_in_parallel_cut_nothing_off(tmp_path):
    found = outages(tmp_path, """\
        app: {type: aws.ecs, subnets: [sa, sb], count: 2}
        nat-a: {type: aws.nat_gateway, subnets: [pa]}
        nat-b: {type: aws.nat_gateway, subnets: [pb]}
        internet: {type: external.service}
      flows: [users -> app, app -> nat-a, app -> nat-b, nat-a -> internet, nat-b -> internet]
    """)
    assert found == {"a": (["nat-a"], []), "b": (["nat-b"], [])}


def test_single_az_component_in_front_of_multi_az_store(tmp_path):
    found = outages(tmp_path, """\
        app: {type: aws.ec2, subnets: [sa]}
        db: {type: aws.rds, subnets: [sa, sb], multi_az: true}
      flows: [users -> app, app -> db]
    """)
    assert found == {"a": (["app"], ["db"]), "b": ([], [])}


def test_count_one_over_two_subnets_fails_for_either_az(tmp_path):
    found = outages(tmp_path, """\
        app: {type: aws.ec2, subnets: [sa, sb]}
        db: {type: aws.rds, subnets: [sa, sb], multi_az: true}
      flows: [users -> app, app -> db]
    """)
    assert found == {"a": (["app"], ["db"]), "b": (["app"], ["db"])}


RPO_BASE = """\
    blueprint: rpo
    targets: {rpo: 1m}
    regions:
      r1: {azs: [a, b]}
    REGION2
    networks:
      n: {region: r1, cidr: 10.0.0.0/16, subnets: {s1: {az: a, cidr: 10.0.1.0/24}, s2: {az: b, cidr: 10.0.2.0/24}}}
    components:
"""


@pytest.mark.parametrize("regions, store, mechanism, seconds", [
    (1, "db: {type: aws.rds, subnets: [s1, s2], multi_az: true}", "multi-AZ standby", 0),
    (1, "db: {type: aws.aurora, subnets: [s1, s2]}", "aurora storage over AZs", 0),
    (1, "db: {type: aws.s3}", "regional service", 0),
    (1, "db: {type: aws.rds, subnets: [s1], backup: {pitr: true}}", "point-in-time recovery", 300),
    (1, "db: {type: aws.rds, subnets: [s1], backup: {snapshots: hourly}}", "hourly snapshots", 3600),
    (1, "db: {type: aws.rds, subnets: [s1]}", "none", None),
    (2, "db: {type: aws.rds, subnets: [s1, s2], multi_az: true, backup: {pitr: true}}", "none", None),
    (2, "db: {type: aws.rds, subnets: [s1], backup: {snapshots: daily, cross_region: true}}", "daily snapshots copied cross-region", 86400),
    (2, "db: {type: aws.dynamodb, global_table_regions: [r1, r2]}", "global table (r2)", 1),
    (2, "db: {type: aws.s3}\n  copy: {type: aws.s3, region: r2, replica_of: db}", "replica copy", 900),
    (2, "db: {type: aws.rds, subnets: [s1]}\n  copy: {type: aws.rds, region: r2, replica_of: db}", "replica copy", 1),
])
def test_rpo_table(tmp_path, regions, store, mechanism, seconds):
    text = textwrap.dedent(RPO_BASE.replace("REGION2", "  r2: {azs: [c]}" if regions == 2 else "")) + "  " + store + "\n"
    (rpo,) = analysis(tmp_path, text).rpo
    assert (rpo.component, rpo.failure, rpo.mechanism, rpo.seconds) == ("db", "region" if regions == 2 else "az", mechanism, seconds)


def test_report_json_shape_and_exit_codes(tmp_path, capsys):
    path = tmp_path / "bp.yaml"
    path.write_text(textwrap.dedent(TWO_REGIONS).replace("blueprint: failover", "blueprint: failover\ntargets: {availability: 99.9, rpo: 30s}"))
    assert main(["report", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"blueprint", "availability", "rpo", "az_outage", "region_outage"}
    assert set(data["availability"]) == {"estimate", "error", "method", "target", "targets", "costliest", "unreachable"}
    assert data["availability"]["error"] == 0 and data["availability"]["method"].startswith("exact")
    assert data["availability"]["target"] == 99.9 and data["availability"]["targets"] == ["db1"]
    assert data["rpo"] == [{"component": "db1", "failure": "region", "mechanism": "replica db2",
                            "achievable_seconds": 1, "target_seconds": 30}]
    assert set(data["availability"]["costliest"][0]) == {"component", "unavailability_share"}
    assert main(["report", str(path)]) == 0 and "Recovery point" in capsys.readouterr().out
    (tmp_path / "bad.yaml").write_text("blueprint: x\nbad: 1\n")
    assert main(["report", str(tmp_path / "bad.yaml")]) == 2


def test_costliest_beyond_the_exact_limit_uses_single_points(tmp_path):
    chain = [f"f{i}" for i in range(30)]
    components = "\n".join(f"  {c}: {{type: aws.lambda, sla: {99 if c == 'f7' else 99.99}}}" for c in chain)
    flows = ", ".join(f"{a} -> {b}" for a, b in zip(["users", *chain], [*chain, "table"]))
    text = f"blueprint: long\ncomponents:\n  users: {{type: external.users}}\n  table: {{type: aws.dynamodb, sla: 100}}\n{components}\nflows: [{flows}]\n"
    result = analysis(tmp_path, text)
    (first, share), *_ = result.estimate.costliest
    unavailability = 1 - result.estimate.percent / 100
    assert first == "f7" and share == pytest.approx(0.01 / unavailability)
