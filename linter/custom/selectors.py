"""Component selectors of YAML policies: `{type, tier, role, tags, environment, id}`.

A selector matches a component when every key it names matches; a list means
any of its values, and `type` and `id` take shell-style wildcards
(`external.*`). An empty selector matches every component.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any

from ..catalog import CATALOG, ENVIRONMENTS, TIERS
from ..loading.checks import Checker, describe, did_you_mean
from ..loading.yaml_reader import YMap
from ..model import Component

SELECTOR_KEYS = ("type", "tier", "role", "tags", "environment", "id")


@dataclass(frozen=True)
class Selector:
    patterns: dict[str, tuple[re.Pattern, ...]] = field(default_factory=dict)  # type, tier, role, environment, id
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    text: str = "every component"

    def matches(self, component: Component) -> bool:
        for key, patterns in self.patterns.items():
            value = _attribute(component, key)
            if value is None or not any(p.fullmatch(value) for p in patterns):
                return False
        tags = component.get("tags") or {}
        return all(key in tags and as_text(tags[key]) in values for key, values in self.tags.items())


def _attribute(component: Component, key: str) -> str | None:
    return {"type": component.type, "tier": component.tier, "role": component.role,
            "environment": component.environment, "id": component.id}[key]


def _values(checker: Checker, node: YMap, key: str, what: str) -> list[str]:
    """A string, or a list of scalars, as strings."""
    value = node[key]
    items = value if isinstance(value, list) else [value]
    if not items or any(isinstance(v, (dict, list)) or v is None for v in items):
        checker.error(node.value_pos(key), f"`{key}` of {what} must be a value or a list of values, not {describe(value)}")
        return []
    return [as_text(v) for v in items]


def as_text(value: Any) -> str:
    """Compare YAML scalars as written: `true` matches `true`, `1` matches `1`."""
    return str(value).lower() if isinstance(value, bool) else str(value)


KNOWN_VALUES = {"type": CATALOG, "tier": TIERS, "environment": ENVIRONMENTS}


def parse_selector(checker: Checker, node: Any, pos, what: str) -> Selector | None:
    """Read a selector map, recording every mistake with its position."""
    if not isinstance(node, YMap):
        checker.error(pos, f"{what} must be a map such as {{type: aws.lambda}}, not {describe(node)}")
        return None
    checker.keys(node, SELECTOR_KEYS, what)
    patterns: dict[str, tuple[re.Pattern, ...]] = {}
    for key in ("type", "tier", "role", "environment", "id"):
        if key not in node:
            continue
        values = _values(checker, node, key, what)
        known = KNOWN_VALUES.get(key)
        for value in values:
            if known is not None and "*" not in value and value not in known:
                checker.error(node.value_pos(key), f"unknown {key} `{value}` in {what}{did_you_mean(value, known)}")
        patterns[key] = tuple(re.compile(fnmatch.translate(v)) for v in values)
    tags: dict[str, tuple[str, ...]] = {}
    if "tags" in node:
        tag_map = checker.map(node, "tags", what)
        for tag in tag_map or {}:
            tags[str(tag)] = tuple(_values(checker, tag_map, tag, f"tag `{tag}` of {what}"))
    return Selector(patterns, tags, describe_selector(node))


def describe_selector(node: YMap) -> str:
    if not node:
        return "every component"
    parts = [f"{key} {' or '.join(map(str, v)) if isinstance(v, list) else v}" for key, v in node.items() if key != "tags"]
    parts += [f"tag {k}={' or '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in (node.get("tags") or {}).items()]
    return "components with " + ", ".join(parts)
