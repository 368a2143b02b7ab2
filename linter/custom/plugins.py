"""Python plugins: packages that register rules under the entry-point group `archlint.rules`.

A plugin's entry point names a module (importing it declares its rules with
`linter.rules.rule`, the decorator the built-in rules use) or a callable that
declares them when called; they are collected apart from the built-in rules. A plugin that fails to load is reported by name
and its rules are skipped; the other rules still run.
"""
from __future__ import annotations

from importlib.metadata import entry_points
from types import ModuleType

from ..rules import Rule, RuleSet, collecting

GROUP = "archlint.rules"
_loaded: dict[str, list[Rule]] = {}  # entry point -> its rules: a module is imported (and declares them) once per process


def load_plugins(rules: RuleSet) -> tuple[RuleSet, list[str]]:
    """`rules` with every installed plugin's rules, and a message per plugin that failed."""
    builtin_families = rules.builtin_families
    problems = []
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        if point.name not in _loaded:
            try:
                _loaded[point.name] = _load(point, builtin_families)
            except Exception as exc:  # anything a third-party import can raise
                problems.append(f"plugin `{point.name}` ({point.value}) failed to load: {type(exc).__name__}: {exc}; its rules did not run")
                continue
        rules = rules.adding(_loaded[point.name])
    return rules, problems


def _load(point, builtin_families: set[str]) -> list[Rule]:
    """Import one plugin and return the rules it declared."""
    with collecting() as found:
        loaded = point.load()
        if callable(loaded) and not isinstance(loaded, ModuleType):
            loaded()
    rules = [found[rid] for rid in sorted(found)]
    clash = [r.id for r in rules if r.family in builtin_families]
    if clash:
        raise ValueError(f"rule id(s) {', '.join(clash)} are in a built-in family; use your own prefix")
    for rule in rules:
        rule.origin = f"plugin {point.name}"
    return rules
