"""How archlint's own code is laid out, so that contributors find things by name."""
from __future__ import annotations

from linter.rules import all_rules


def test_every_builtin_rule_lives_in_the_module_named_after_its_family() -> None:
    builtin = [rule for rule in all_rules() if rule.check.__module__.startswith("linter.")]
    assert builtin
    misplaced = [(rule.id, rule.check.__module__) for rule in builtin
                 if rule.check.__module__ != f"linter.rules.{rule.family.lower()}"]
    assert not misplaced
