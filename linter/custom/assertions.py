"""What a YAML policy asserts about each selected component.

Every assertion checks all selected components at once, so graph searches run
once per policy and blueprint, not once per component: a policy costs about
one pass over the graph.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Iterator, Protocol

from ..graph import Context
from ..checks import Checker, describe
from ..yaml_reader import Pos, YMap
from ..model import Component
from .selectors import Selector, as_text, parse_selector, select

# (component id, why it fails, the key of the component the failure is about)
Failure = tuple[str, str, "str | None"]


class Assertion(Protocol):
    @property  # read-only: assertions are frozen dataclasses
    def text(self) -> str: ...

    def failures(self, ctx: Context, selected: list[str]) -> Iterator[Failure]: ...


# -- attribute --------------------------------------------------------------
RESOLVED = {
    "type": lambda c: c.type, "scope": lambda c: c.scope, "tier": lambda c: c.tier, "role": lambda c: c.role,
    "region": lambda c: c.region, "network": lambda c: c.network, "public": lambda c: c.public,
    "multi_az": lambda c: c.multi_az, "count": lambda c: c.effective_count, "environment": lambda c: c.environment,
}


def lookup(component: Component, key: str) -> tuple[bool, Any]:
    """A resolved attribute (`public`, `multi_az`, `count`…) or a dotted key of the component (`tags.owner`)."""
    if key in RESOLVED:
        value = RESOLVED[key](component)
        return value is not None, value
    node: Any = component.spec
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


@dataclass(frozen=True)
class Attribute:
    key: str
    test: str  # equals | one_of | exists
    expected: Any
    text: str

    def failures(self, ctx: Context, selected: list[str]) -> Iterator[Failure]:
        for cid in selected:
            present, value = lookup(ctx.components[cid], self.key)
            if self.test == "exists":
                ok = present == self.expected
            elif self.test == "one_of":
                ok = present and as_text(value) in self.expected
            else:
                ok = present and as_text(value) == self.expected
            if not ok:
                shown = f"`{as_text(value)}`" if present else "not set"
                yield cid, f"`{self.key}` is {shown}, expected {self.text}", self.key.split(".")[0]


def parse_attribute(checker: Checker, node: YMap, key: str, what: str) -> Attribute | None:
    spec = checker.map(node, key, what)
    if spec is None:
        if node[key] is None:  # a null assertion would silently check nothing
            checker.error(node.value_pos(key), f"`{key}` of {what} needs a map such as {{key: encrypted, equals: true}}, not null")
        return None
    where = f"`{key}` of {what}"
    checker.keys(spec, ("key", "equals", "one_of", "exists"), where)
    name = checker.string(spec, "key", where) if checker.required(spec, "key", where) else None
    tests = [t for t in ("equals", "one_of", "exists") if t in spec]
    if len(tests) != 1:
        checker.error(spec.pos, f"{where} needs exactly one of `equals`, `one_of`, `exists`")
        return None
    test = tests[0]
    if spec[test] is None:
        checker.error(spec.value_pos(test), f"`{test}` of {where} is null; to require that a key is not set, write `exists: false`")
        return None
    if test == "exists":
        expected: bool | frozenset[str] | str | None = checker.boolean(spec, "exists", where)
        text = "set" if expected else "not set"
    elif test == "one_of":
        values = spec["one_of"]
        if isinstance(values, list) and None in values:
            checker.error(spec.value_pos("one_of"), f"`one_of` of {where} lists null; to require that a key is not set, write `exists: false`")
            return None
        if not isinstance(values, list) or not values or any(isinstance(v, (dict, list)) for v in values):
            checker.error(spec.value_pos("one_of"), f"`one_of` of {where} must be a non-empty list of values, not {describe(values)}")
            return None
        expected = frozenset(as_text(v) for v in values)
        text = "one of " + ", ".join(f"`{as_text(v)}`" for v in values)
    else:
        if isinstance(spec["equals"], (dict, list)):
            checker.error(spec.value_pos("equals"), f"`equals` of {where} must be a single value, not {describe(spec['equals'])}")
            return None
        expected = as_text(spec["equals"])
        text = f"`{expected}`"
    if name is None or expected is None:
        return None
    return Attribute(name, test, expected, text)


# -- neighbours -------------------------------------------------------------
def _label(ctx: Context, cid: str) -> str:
    return f"`{cid}` ({ctx.components[cid].type})"


@dataclass(frozen=True)
class Neighbours:
    """`inbound_only_from`, `no_inbound_from`, `outbound_only_to`."""

    selector: Selector
    inbound: bool
    allowed: bool  # neighbours must match (only_…) or must not (no_…)
    text: str

    def failures(self, ctx: Context, selected: list[str]) -> Iterator[Failure]:
        adjacency = ctx.graph.pred if self.inbound else ctx.graph.succ
        verb = "called by" if self.inbound else "calls"
        for cid in selected:
            bad = [n for n in sorted(adjacency[cid]) if self.selector.matches(ctx.components[n]) != self.allowed]
            if bad:
                yield cid, f"{verb} {', '.join(_label(ctx, n) for n in bad)}", None


# -- paths ------------------------------------------------------------------
def search(ctx: Context, sources: list[str], blocked: set[str]) -> dict[str, str]:
    """Breadth-first from every source at once, not entering `blocked`: node -> the node it was reached from."""
    parent: dict[str, str] = {}
    queue = deque(s for s in sources if s not in blocked)
    seen = set(queue)
    successors = ctx.graph.succ
    while queue:
        node = queue.popleft()
        for nxt in successors[node]:
            if nxt not in blocked and nxt not in parent:
                parent[nxt] = node
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
    return parent


def path_to(parent: dict[str, str], node: str, sources: set[str]) -> str:
    """The search-tree path from a source to `node` (which the search reached)."""
    chain = [node, parent[node]]
    while chain[-1] not in sources:
        chain.append(parent[chain[-1]])
    return " -> ".join(reversed(chain))


@dataclass(frozen=True)
class Reachability:
    """`reachable_from` (must be reached), `not_reachable_from` (must not be), and
    `every_path_from_passes` (must not be reached once the `through` components are removed)."""

    origin: Selector
    through: Selector | None
    wanted: bool
    text: str

    def failures(self, ctx: Context, selected: list[str]) -> Iterator[Failure]:
        blocked = set(select(ctx, self.through)) if self.through else set()
        sources = select(ctx, self.origin)
        parent = search(ctx, sources, blocked)
        for cid in selected:
            reached = cid in parent and cid not in blocked
            if self.wanted and not reached:
                yield cid, f"is not reachable from {self.origin.text}", None
            elif not self.wanted and reached:
                path = path_to(parent, cid, set(sources))
                yield cid, (f"the path {path} bypasses {self.through.text}" if self.through
                            else f"is reachable from {self.origin.text} along {path}"), None


@dataclass(frozen=True)
class MinAzs:
    """Zonal components run in at least n AZs (regional services span the region's AZs)."""

    count: int
    text: str

    def failures(self, ctx: Context, selected: list[str]) -> Iterator[Failure]:
        for cid in selected:
            component = ctx.components[cid]
            if component.scope == "zonal" and len(component.azs) < self.count:
                yield cid, f"runs in {len(component.azs)} AZ(s), fewer than {self.count}", "subnets"


# -- parsing ----------------------------------------------------------------
MAX_AZS = 100  # far above any region's AZ count
NEIGHBOURS = {"inbound_only_from": (True, True), "no_inbound_from": (True, False), "outbound_only_to": (False, True)}
REACHABILITY = {"reachable_from": True, "not_reachable_from": False}


def parse_selector_assertion(checker: Checker, node: YMap, key: str, what: str) -> Assertion | None:
    """An assertion whose value is one selector: a neighbour or a reachability check."""
    selector = parse_selector(checker, node[key], node.value_pos(key), f"`{key}` of {what}")
    if selector is None:
        return None
    text = f"{key.replace('_', ' ')} {selector.text}"
    if key in NEIGHBOURS:
        return Neighbours(selector, *NEIGHBOURS[key], text)
    return Reachability(selector, None, REACHABILITY[key], text)


def parse_every_path(checker: Checker, node: YMap, key: str, what: str) -> Assertion | None:
    spec, where = node[key], f"`{key}` of {what}"
    if not isinstance(spec, YMap):
        checker.error(node.value_pos(key), f"{where} must be a map {{from: <selector>, through: <selector>}}, not {describe(spec)}")
        return None
    checker.keys(spec, ("from", "through"), where)
    parts = {}
    for part in ("from", "through"):
        if checker.required(spec, part, where):
            parts[part] = parse_selector(checker, spec[part], spec.value_pos(part), f"`{part}` of {where}")
    origin, through = parts.get("from"), parts.get("through")
    if origin is None or through is None:
        return None
    return Reachability(origin, through, False, f"every path from {origin.text} passes {through.text}")


def parse_min_azs(checker: Checker, node: YMap, key: str, what: str) -> Assertion | None:
    count = checker.integer(node, key, what, minimum=1, maximum=MAX_AZS)
    if count is None:
        if node.get(key) is None:
            checker.error(node.value_pos(key), f"`{key}` of {what} needs a number of AZs")
        return None
    return MinAzs(count, f"runs in at least {count} AZs")


PARSERS = {
    "attribute": parse_attribute,
    **dict.fromkeys([*NEIGHBOURS, *REACHABILITY], parse_selector_assertion),
    "every_path_from_passes": parse_every_path,
    "min_azs": parse_min_azs,
}


def parse_assertions(checker: Checker, node: Any, pos: Pos, what: str) -> list[Assertion]:
    """Read the `assert` map: one or more assertions, all of which must hold."""
    if not isinstance(node, YMap) or not node:
        checker.error(pos, f"`assert` of {what} must be a map with at least one of: {', '.join(PARSERS)}")
        return []
    checker.keys(node, PARSERS, f"`assert` of {what}")
    found = [PARSERS[key](checker, node, key, what) for key in node if key in PARSERS]
    return [a for a in found if a is not None]
