"""Custom rules: YAML policies from the configured `rules-dirs`, and Python plugins.

Both join the built-in rules in the run's `RuleSet`, so they are listed,
documented, selected, waived and reported exactly like them.
"""
from __future__ import annotations

import os
from typing import NamedTuple

from ..rules import RuleSet, builtin_rules
from .plugins import load_plugins


class CustomRules(NamedTuple):
    rules: RuleSet  # the built-ins, the plugins' rules and the policies
    broken: list[str]  # one message per plugin that failed to load


def load_custom_rules(root: str, rules_dirs: list[str]) -> CustomRules:
    """The built-in rules with the installed plugins' and the configured policies'.

    Raises LoadError with every policy problem; a plugin that fails to load is
    named in `broken` (its rules are skipped, the rest still run).
    """
    # Rules another command evaluates (the drift rules) are no part of a configured run.
    lint_rules = RuleSet(r for r in builtin_rules().values() if r.origin == "built-in")
    rules, broken = load_plugins(lint_rules)
    if not rules_dirs:  # the policy reader (selectors, assertions) is loaded only for a run that has policies
        return CustomRules(rules, broken)
    from .policies import load_policies
    return CustomRules(rules.adding(load_policies([os.path.join(root, folder) for folder in rules_dirs], rules)), broken)
