"""The rule-fixture harness itself: `# expect: RULE element` comments read at their own line.

tests/rules/test_rule_fixtures.py is only as good as `expected_hits`: these
tests show that it finds the line a finding must point at, that a misplaced
expectation makes the comparison differ, and that a typo fails instead of
passing as a near-miss.
"""
from __future__ import annotations

import pytest

from conftest import EXPECT_RE, expected_hits, hits

UNCONNECTED = """\
blueprint: net-none
regions:
  us-east-1: {azs: [us-east-1a]}
networks:
  a: {cidr: 10.0.0.0/16, subnets: {a1: {az: us-east-1a, cidr: 10.0.0.0/24}}}
  c: {cidr: 10.2.0.0/16, subnets: {c1: {az: us-east-1a, cidr: 10.2.0.0/24}}}
components:
  app: {type: aws.ec2, subnets: [a1]}
  db: {type: aws.rds, subnets: [c1]}
  fn: {type: aws.lambda}
flows:
  - app -> fn
  - app -> db  # expect: NET002 app->db
  - {from: app, to: db, port: 5432}  # expect: NET002 app->db#2
"""

ONE_REGION = """\
blueprint: one-region  # expect: DR001 one-region
targets: {availability: 99.999}
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
components:
  table: {type: aws.dynamodb}
"""


def lint_rule(lint_yaml, rule_id: str, text: str) -> set[tuple[str, str, int]]:
    report = lint_yaml(text, select=[rule_id])
    assert not report.errors, report.errors
    return hits(report)


def test_expectations_are_read_at_their_own_line() -> None:
    assert expected_hits("NET002", UNCONNECTED) == {("NET002", "app->db", 13), ("NET002", "app->db#2", 14)}


def test_expectations_match_the_findings(lint_yaml) -> None:
    assert lint_rule(lint_yaml, "NET002", UNCONNECTED) == expected_hits("NET002", UNCONNECTED)


def test_an_expectation_on_line_1_matches_a_finding_on_the_blueprint_key(lint_yaml) -> None:
    assert lint_rule(lint_yaml, "DR001", ONE_REGION) == expected_hits("DR001", ONE_REGION) == {
        ("DR001", "one-region", 1)}


def test_an_expectation_on_the_wrong_line_makes_the_comparison_differ(lint_yaml) -> None:
    moved = UNCONNECTED.replace("  - app -> db  # expect: NET002 app->db\n", "  - app -> db\n").replace(
        "  - app -> fn\n", "  - app -> fn  # expect: NET002 app->db\n")
    assert expected_hits("NET002", moved) == {("NET002", "app->db", 12), ("NET002", "app->db#2", 14)}
    assert lint_rule(lint_yaml, "NET002", moved) != expected_hits("NET002", moved)


def test_an_expectation_naming_the_wrong_element_makes_the_comparison_differ(lint_yaml) -> None:
    renamed = UNCONNECTED.replace("# expect: NET002 app->db#2", "# expect: NET002 app->fn")
    assert lint_rule(lint_yaml, "NET002", renamed) != expected_hits("NET002", renamed)


def test_two_expectations_side_by_side_on_one_line() -> None:
    text = "flows: [a -> b, b -> c]  # expect: SEC004 a->b  # expect: SEC004 b->c  # note\n"
    assert expected_hits("SEC004", text) == {("SEC004", "a->b", 1), ("SEC004", "b->c", 1)}


def test_a_fixture_without_expectations_is_a_near_miss() -> None:
    text = "# A near-miss: we expect nothing here.\nblueprint: quiet  # reviewed\n"
    assert not EXPECT_RE.search(text)
    assert expected_hits("SEC006", text) == set()


@pytest.mark.parametrize("comment, named", [
    ("# expect: SPF001 one-region", "SPF001"),       # another rule than the folder's
    ("# expect: DR001", "DR001 <element>"),          # the element left out
    ("# expect: DR001 one-region extra", "DR001 <element>"),
])
def test_an_unreadable_expectation_fails_naming_it(comment: str, named: str) -> None:
    text = ONE_REGION.replace("# expect: DR001 one-region", comment)
    with pytest.raises(ValueError, match=rf"line 1: .*{named}"):
        expected_hits("DR001", text)


def test_an_expectation_on_a_line_of_its_own_fails() -> None:
    """The former header form `# expect: <element> @ <line>` is refused, not ignored."""
    with pytest.raises(ValueError, match="line 1: "):
        expected_hits("DR001", "# expect: one-region @ 2\n" + ONE_REGION.replace("  # expect: DR001 one-region", ""))
