"""Catalog 1.1 messages: the advice fits the element, and AV001 says when a target is unreachable."""
from __future__ import annotations

import pytest

HEAD = """\
blueprint: advice
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
networks:
  n:
    cidr: 10.0.0.0/16
    subnets:
      a: {az: us-east-1a, cidr: 10.0.1.0/24}
      b: {az: us-east-1b, cidr: 10.0.2.0/24}
components:
  users: {type: external.users}
  partner: {type: external.service}
  app: {type: aws.ecs, subnets: [a, b], autoscaling: {min: 2, max: 4}}
"""


@pytest.mark.parametrize("component, flows, advice, not_advice", [
    ("nat: {type: aws.nat_gateway, subnets: [a]}", "[users -> app, app -> nat, nat -> partner]", "one per AZ", "multi_az"),
    ("db: {type: aws.aurora, subnets: [a], encrypted: true}", "[users -> app, app -> db]", "reader", "multi_az"),
    ("db: {type: aws.documentdb, subnets: [a], encrypted: true}", "[users -> app, app -> db]", "reader", "multi_az"),
    ("db: {type: aws.rds, subnets: [a], encrypted: true}", "[users -> app, app -> db]", "`multi_az: true`", "instances"),
    ("search: {type: aws.opensearch, subnets: [a], encrypted: true}", "[users -> app, app -> search]", "`multi_az: true`", "instances"),
])
def test_spof001_advice_fits_the_type(lint_yaml, component, flows, advice, not_advice):
    report = lint_yaml(HEAD + f"  {component}\nflows: {flows}\n", select=["SPOF001"])
    (finding,) = report.findings
    assert advice in finding.message and not_advice not in finding.message


def test_lp005_never_advises_a_load_balancer_for_a_bastion(lint_yaml):
    report = lint_yaml(HEAD + "  bastion: {type: aws.ec2, subnets: [a], role: bastion}\n"
                              "flows:\n  - {from: users, to: bastion, port: 22, protocol: ssh}\n", select=["LP005"])
    (finding,) = report.findings
    assert "load balancer" not in finding.message and "Session Manager" in finding.message


def test_av001_names_a_critical_target_no_entry_point_reaches(lint_yaml):
    report = lint_yaml(HEAD.replace("blueprint: advice", "blueprint: advice\ntargets: {availability: 99.9}")
                       + "  ledger: {type: aws.dynamodb, critical: true}\nflows: [users -> app]\n", select=["AV001"])
    (finding,) = report.findings
    assert "no entry point reaches `ledger`" in finding.message
    assert "0.0000" not in finding.message and "most unavailability" not in finding.message


def test_reg001_names_each_survivor_with_the_lost_component(lint_yaml):
    text = """\
    blueprint: regions
    regions:
      us-east-1: {azs: [us-east-1a]}
      us-west-2: {azs: [us-west-2a]}
    components:
      users: {type: external.users}
      api: {type: aws.api_gateway, region: us-east-1}
      fn: {type: aws.lambda, region: us-west-2}
      table: {type: aws.dynamodb, region: us-east-1}
    flows: [users -> api, api -> fn, fn -> table]
    """
    report = lint_yaml(text, select=["REG001"])
    by_region = {f.element: f.message for f in report.findings}
    assert set(by_region) == {"us-east-1", "us-west-2"}
    assert "`fn` is cut off (through `api`)" in by_region["us-east-1"]
    assert "`api` still calls `fn`" in by_region["us-west-2"]
    assert all(f.kind == "region" and f.line in (3, 4) for f in report.findings)


def test_reg001_is_silent_with_one_region(lint_yaml):
    report = lint_yaml(HEAD + "flows: [users -> app]\n", select=["REG001"])
    assert report.findings == []


def test_lp005_advice_for_an_admin_port_is_to_close_it(lint_yaml):
    report = lint_yaml(HEAD + "  web: {type: aws.ec2, subnets: [a]}\n"
                              "flows:\n  - {from: users, to: web, port: 22, protocol: ssh}\n", select=["LP005"])
    (finding,) = report.findings
    assert "load balancer" not in finding.message and "Session Manager" in finding.message
