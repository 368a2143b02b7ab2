"""The example organisation policies in policies/ run against the real blueprints."""
from __future__ import annotations

from pathlib import Path

from conftest import lint_paths
from linter.custom import load_custom_rules
from linter.graph import Context
from linter.loading import load_blueprint
from linter.rules import builtin_rules

ROOT = Path(__file__).parents[2]
BLUEPRINTS = sorted((ROOT / "blueprints").glob("*.yaml"))


def policy_rules():
    rules = load_custom_rules(str(ROOT), ["policies"]).rules
    return [rule for rule in rules.values() if rule.origin.startswith("policy ")]


def test_policies_load() -> None:
    rules = policy_rules()
    assert len(rules) >= 8 and all(rule.id.startswith("ORG") for rule in rules)


def test_blueprints_follow_the_example_policies() -> None:
    rules = load_custom_rules(str(ROOT), ["policies"]).rules
    ids = [rule.id for rule in rules.values() if rule.origin.startswith("policy ")]
    report = lint_paths(BLUEPRINTS, select=ids, rules=rules)
    assert not report.errors and not report.findings, report.findings


def test_every_policy_applies_to_some_blueprint() -> None:
    """No policy passes only because it selects nothing."""
    rules = policy_rules()
    blueprints = [load_blueprint(str(path), builtin_rules()) for path in BLUEPRINTS]
    for rule in rules:
        selected = 0
        for blueprint in blueprints:
            ctx = Context(blueprint)
            selected += sum(rule.check.selector.matches(c) for c in ctx.components.values())
        assert selected, f"{rule.id} selects no component of blueprints/"
