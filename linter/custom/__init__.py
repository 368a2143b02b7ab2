"""Custom rules: YAML policies from the configured `rules-dirs`, and Python plugins.

Both register into the same registry as the built-in rules, so they are
listed, documented, selected, waived and reported exactly like them.
"""
from __future__ import annotations

import os

from ..rules import REGISTRY, register
from .plugins import load_plugins
from .policies import load_policies


def load_custom_rules(root: str, rules_dirs: list[str]) -> list[str]:
    """Replace any custom rules with those configured now.

    Raises LoadError with every policy problem; returns one message per plugin
    that failed to load (its rules are skipped, the rest still run).
    """
    for rid in [rid for rid, rule in REGISTRY.items() if rule.origin != "built-in"]:
        del REGISTRY[rid]
    broken = load_plugins()
    for rule in load_policies([os.path.join(root, folder) for folder in rules_dirs]):
        register(rule)
    return broken
