"""Python plugins: packages that register rules under the entry-point group `archlint.rules`.

A plugin's entry point names a module (importing it registers its rules with
`linter.rules.rule`, the decorator the built-in rules use) or a callable that
registers them when called. A plugin that fails to load is reported by name
and its rules are skipped; the other rules still run.
"""
from __future__ import annotations

from importlib.metadata import entry_points
from types import ModuleType

from ..rules import REGISTRY, Rule

GROUP = "archlint.rules"
_loaded: dict[str, list[Rule]] = {}  # entry point -> its rules, so a second load in one process re-registers them


def load_plugins() -> list[str]:
    """Register every installed plugin's rules; return a message per plugin that failed."""
    builtin_families = {r.family for r in REGISTRY.values() if r.origin == "built-in"}
    problems = []
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        if point.name not in _loaded:
            try:
                _loaded[point.name] = _load(point, builtin_families)
            except Exception as exc:  # anything a third-party import can raise
                problems.append(f"plugin `{point.name}` ({point.value}) failed to load: {type(exc).__name__}: {exc}; its rules did not run")
                continue
        for rule in _loaded[point.name]:
            REGISTRY.setdefault(rule.id, rule)
    return problems


def _load(point, builtin_families: set[str]) -> list[Rule]:
    """Import one plugin and return the rules it registered (none stay registered if it fails)."""
    before = set(REGISTRY)
    try:
        loaded = point.load()
        if callable(loaded) and not isinstance(loaded, ModuleType):
            loaded()
        rules = [REGISTRY[rid] for rid in sorted(set(REGISTRY) - before)]
        clash = [r.id for r in rules if r.family in builtin_families]
        if clash:
            raise ValueError(f"rule id(s) {', '.join(clash)} are in a built-in family; use your own prefix")
    except Exception:
        for rid in set(REGISTRY) - before:
            del REGISTRY[rid]
        raise
    for rule in rules:
        rule.origin = f"plugin {point.name}"
    return rules
