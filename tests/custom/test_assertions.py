"""Every assertion kind of a YAML policy, where it fires and where it must not."""
from __future__ import annotations

import pytest

from custom_fixtures import NETWORK, found, lint_with_policies

SHOP = "blueprint: shop\n" + NETWORK + """\
components:
  users: {type: external.users}
  partners: {type: external.partner}
  edge-waf: {type: aws.waf}
  api: {type: aws.api_gateway, throttle: {rate: 10, burst: 20}}
  pay: {type: aws.lambda, tags: {domain: payments}}
  refunds: {type: aws.lambda, tags: {domain: payments, pci: true}}
  notify: {type: aws.lambda}
  queue: {type: aws.sqs, dlq: dead}
  dead: {type: aws.sqs}
  alb: {type: aws.alb, subnets: [public-a, public-b], waf: edge-waf}
  app: {type: aws.ecs, subnets: [app-a, app-b], autoscaling: {min: 2, max: 4}}
  cache: {type: aws.elasticache, subnets: [data-a]}
  db: {type: aws.rds, subnets: [data-a, data-b], multi_az: true, encrypted: true, backup: {pitr: true}}
  reports: {type: aws.ecs, subnets: [app-a, app-b], count: 2, role: reporting}
  nightly: {type: aws.eventbridge}
flows:
  - users -> api
  - api -> pay
  - pay -> queue
  - queue -> refunds
  - refunds -> notify
  - users -> alb
  - alb -> app
  - app -> db
  - app -> cache
  - partners -> alb
  - alb -> cache
  - nightly -> reports
  - reports -> db
"""


def policy(select: str, assertion: str, rule_id: str = "ORG001") -> str:
    return f"id: {rule_id}\nname: policy-{rule_id.lower()}\nseverity: error\nmessage: Test policy\nselect: {select}\nassert:\n  {assertion}\n"


def check(tmp_path, select: str, assertion: str) -> set[str]:
    """Elements the policy flags in SHOP."""
    report = lint_with_policies(tmp_path, {"p": policy(select, assertion)}, SHOP)
    return {element for _, element in found(report)}


@pytest.mark.parametrize("select, assertion, flagged", [
    ("{type: aws.rds}", "attribute: {key: encrypted, equals: true}", set()),
    ("{type: [aws.rds, aws.elasticache]}", "attribute: {key: multi_az, equals: true}", {"cache"}),
    ("{type: aws.rds}", "attribute: {key: backup.pitr, equals: true}", set()),
    ("{type: aws.elasticache}", "attribute: {key: backup.pitr, equals: true}", {"cache"}),
    ("{tier: data}", "attribute: {key: encrypted, exists: true}", {"cache"}),
    ("{type: aws.lambda}", "attribute: {key: tags.domain, one_of: [payments, growth]}", {"notify"}),
    ("{type: aws.lambda}", "attribute: {key: dlq, exists: false}", set()),
])
def test_attribute(tmp_path, select, assertion, flagged) -> None:
    assert check(tmp_path, select, assertion) == flagged


def test_inbound_only_from(tmp_path) -> None:
    # pay is called by the gateway, refunds by a queue: both allowed; notify by a Lambda.
    assert check(tmp_path, "{type: aws.lambda}", "inbound_only_from: {type: [aws.api_gateway, aws.sqs]}") == {"notify"}


def test_inbound_only_from_near_miss(tmp_path) -> None:
    assert check(tmp_path, "{tags: {domain: payments}}", "inbound_only_from: {type: [aws.api_gateway, aws.sqs]}") == set()


def test_no_inbound_from(tmp_path) -> None:
    assert check(tmp_path, "{tier: data}", "no_inbound_from: {tier: web}") == {"cache"}
    assert check(tmp_path, "{type: aws.rds}", "no_inbound_from: {tier: web}") == set()


def test_outbound_only_to(tmp_path) -> None:
    assert check(tmp_path, "{type: aws.ecs}", "outbound_only_to: {tier: data}") == set()
    assert check(tmp_path, "{type: aws.alb}", "outbound_only_to: {tier: app}") == {"alb"}


def test_reachable_from(tmp_path) -> None:
    # reports is reached only from the scheduler, not from the internet.
    assert check(tmp_path, "{type: aws.ecs}", "reachable_from: {type: external.users}") == {"reports"}
    assert check(tmp_path, "{role: reporting}", "reachable_from: {type: aws.eventbridge}") == set()


def test_not_reachable_from(tmp_path) -> None:
    # db is reached from the internet over alb -> app, reports is not.
    assert check(tmp_path, "{type: [aws.rds, aws.ecs]}", "not_reachable_from: {type: external.partner}") == {"db", "app"}
    assert check(tmp_path, "{role: reporting}", "not_reachable_from: {type: \"external.*\"}") == set()


def test_every_path_with_a_bypass(tmp_path) -> None:
    # partners -> alb -> cache skips the app tier; every path to db passes app.
    report = lint_with_policies(tmp_path, {"p": policy(
        "{tier: data, type: [aws.rds, aws.elasticache]}",
        "every_path_from_passes: {from: {type: \"external.*\"}, through: {tier: app}}")}, SHOP)
    assert found(report) == {("ORG001", "cache")}
    assert "users -> alb -> cache" in report.findings[0].message


def test_every_path_is_about_paths_not_one_hop(tmp_path) -> None:
    # Two hops before the app tier, and one path (nightly -> reports -> db) that starts elsewhere.
    assert check(tmp_path, "{type: aws.rds}", "every_path_from_passes: {from: {type: \"external.*\"}, through: {tier: app}}") == set()
    # No path at all from the origin: nothing to bypass.
    assert check(tmp_path, "{type: aws.rds}", "every_path_from_passes: {from: {type: aws.waf}, through: {type: aws.cognito}}") == set()
    # Through a component that is not on every path: reports -> db goes around the ALB.
    assert check(tmp_path, "{type: aws.rds}", "every_path_from_passes: {from: {type: [\"external.*\", aws.eventbridge]}, through: {type: aws.alb}}") == {"db"}


def test_min_azs(tmp_path) -> None:
    assert check(tmp_path, "{tier: data}", "min_azs: 2") == {"cache"}
    assert check(tmp_path, "{type: aws.rds}", "min_azs: 2") == set()


@pytest.mark.parametrize("select, selected", [
    ("{}", 15),
    ("{type: \"external.*\"}", 2),
    ("{tier: [web, data]}", 3),
    ("{role: reporting}", 1),
    ("{tags: {domain: payments}}", 2),
    ("{tags: {domain: payments, pci: true}}", 1),
    ("{environment: dev}", 0),
    ("{environment: prod, type: aws.lambda}", 3),
    ("{id: \"re*\"}", 2),
])
def test_selectors(tmp_path, select, selected) -> None:
    # `exists: false` on a key no component has flags every selected component.
    assert len(check(tmp_path, select, "attribute: {key: x-nothing, exists: true}")) == selected


def test_failing_assertions_make_one_finding_per_component(tmp_path) -> None:
    report = lint_with_policies(tmp_path, {"p": policy("{type: aws.elasticache}", "min_azs: 2\n  no_inbound_from: {tier: web}")}, SHOP)
    [finding] = report.findings
    assert finding.element == "cache" and "fewer than 2" in finding.message and "called by `alb`" in finding.message
    assert finding.line == SHOP.splitlines().index("  cache: {type: aws.elasticache, subnets: [data-a]}") + 1
