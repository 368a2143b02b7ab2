"""Component selectors of YAML policies: `{type, tier, role, tags, environment, id}`.

A selector matches a component when every key it names matches; a list means
any of its values, and `type` and `id` take shell-style wildcards
(`external.*`). An empty selector matches every component.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..catalog import CATALOG, ENVIRONMENTS, TIERS
from ..graph import Context
from ..checks import Checker, describe, described, did_you_mean
from ..yaml_reader import YMap, YSeq
from ..model import Component
from ..wildcards import has_wildcard, wildcard_match

SELECTOR_KEYS = ("type", "tier", "role", "tags", "environment", "id")


GETTERS: dict[str, Callable[[Component], str | None]] = {
    "type": lambda c: c.type, "tier": lambda c: c.tier, "role": lambda c: c.role,
    "environment": lambda c: c.environment, "id": lambda c: c.id,
}


@dataclass(frozen=True)
class Selector:
    """Hashable, so that policies sharing a selector share its selection."""

    tests: tuple[tuple[str, frozenset, tuple[str, ...]], ...] = ()  # key, exact values, wildcard patterns
    tags: tuple[tuple[str, frozenset], ...] = ()
    text: str = "every component"

    def matches(self, component: Component) -> bool:
        for key, exact, wildcards in self.tests:
            value = GETTERS[key](component)
            if value not in exact and (value is None or not any(wildcard_match(p, value) for p in wildcards)):
                return False
        tags = component.get("tags") or {}
        return all(key in tags and as_text(tags[key]) in values for key, values in self.tags)

    @property
    def exact_types(self) -> frozenset | None:
        """The types it selects when it names them all without wildcards (to use the type index)."""
        for key, exact, wildcards in self.tests:
            if key == "type" and not wildcards:
                return exact
        return None


def select(ctx: Context, selector: Selector) -> list[str]:
    """Ids of the selected components, computed once per blueprint and selector."""
    selections = ctx.shared(_selections)
    if selector not in selections:
        types = selector.exact_types
        candidates = ctx.components.values() if types is None else [
            c for t in sorted(types) for c in ctx.shared(_by_type).get(t, ())]
        selections[selector] = [c.id for c in candidates if selector.matches(c)]
    return selections[selector]


def _selections(ctx: Context) -> dict[Selector, list[str]]:
    """Selector -> what it selects in this blueprint, filled as policies ask (they often select alike)."""
    return {}


def _by_type(ctx: Context) -> dict[str, list[Component]]:
    index: dict[str, list[Component]] = {}
    for component in ctx.components.values():
        index.setdefault(component.type, []).append(component)
    return index


def _values(checker: Checker, node: YMap, key: str, what: str, text_only: bool) -> list[str]:
    """A value, or a list of values, as strings; `text_only` for what the blueprint holds as text (ids, types)."""
    value = node[key]
    items = value if isinstance(value, list) else [value]
    if not items or any(isinstance(v, (dict, list)) or v is None for v in items):
        checker.error(node.value_pos(key), f"`{key}` of {what} must be a value or a list of values, not {described(node, key)}")
        return []
    texts = [value.item_text(i) for i in range(len(value))] if isinstance(value, YSeq) else [node.value_text(key)]
    for item, text in zip(items, texts, strict=True):
        if text_only and not isinstance(item, str):
            # `id: yes` would select the id "true", which no blueprint can have
            checker.error(node.value_pos(key), f"`{key}` of {what} is text, not {describe(item, text)}")
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
    tests = []
    for key in GETTERS:
        if key not in node:
            continue
        values = _values(checker, node, key, what, text_only=True)
        known = KNOWN_VALUES.get(key)
        for value in values:
            if known is not None and not has_wildcard(value) and value not in known:
                checker.error(node.value_pos(key), f"unknown {key} `{value}` in {what}{did_you_mean(value, known)}")
        wildcards = tuple(v for v in values if has_wildcard(v))
        tests.append((key, frozenset(values), wildcards))
    tags = _tags(checker, node, what) if "tags" in node else []
    return Selector(tuple(tests), tuple(tags), describe_selector(node))


def _tags(checker: Checker, node: YMap, what: str) -> list[tuple[str, frozenset]]:
    """`tags: {name: value or values}`; names are text (`on:` is the boolean true to YAML 1.1)."""
    if node["tags"] is None:
        checker.error(node.value_pos("tags"), f"`tags` of {what} must be a map such as {{domain: payments}}, not null")
        return []
    tag_map = checker.map(node, "tags", what)
    if tag_map is None:
        return []
    tags = []
    for tag in tag_map:
        if not isinstance(tag, str):
            checker.error(tag_map.key_pos(tag), f"tag names in {what} are text, not {describe(tag, tag_map.key_text(tag))}")
            continue
        tags.append((tag, frozenset(_values(checker, tag_map, tag, f"tag `{tag}` of {what}", text_only=False))))
    return tags


def describe_selector(node: YMap) -> str:
    if not node:
        return "every component"
    tags = node.get("tags")
    parts = [f"{key} {_alternatives(v)}" for key, v in node.items() if key != "tags"]
    parts += [f"tag {k}={_alternatives(v)}" for k, v in (tags.items() if isinstance(tags, dict) else ())]
    return "components with " + ", ".join(parts)


def _alternatives(value: Any) -> str:
    return " or ".join(map(str, value)) if isinstance(value, list) else str(value)
