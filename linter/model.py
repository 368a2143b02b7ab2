"""The blueprint model: validated, resolved elements with their source positions.

The loader builds these from the positioned YAML tree; rules read them (mostly
through the graph) and never compute positions themselves — `Blueprint.locate`
maps an element, and optionally the key a finding is about, to where it was
written, in the overlay or in its base file.
"""
from __future__ import annotations

import datetime
import functools
import ipaddress
from dataclasses import dataclass, field
from typing import Any, Iterator

from .catalog import PER_AZ_TYPES, SHARDED_ENGINES, TypeInfo
from .yaml_reader import Pos, YMap, YSeq, at


@dataclass
class Region:
    id: str
    azs: list[str]
    role: str
    pos: Pos
    az_pos: dict[str, Pos]


@dataclass
class Subnet:
    id: str
    network: str
    az: str
    cidr: ipaddress.IPv4Network
    public: bool
    pos: Pos


@dataclass
class Network:
    id: str
    region: str
    cidr: ipaddress.IPv4Network
    environment: str
    flow_logs: bool
    subnets: dict[str, Subnet]
    pos: Pos
    spec: YMap


@dataclass
class Peering:
    a: str
    b: str
    pos: Pos

    @property
    def id(self) -> str:
        return f"{self.a}<->{self.b}"


@dataclass
class TransitGateway:
    id: str
    region: str
    attachments: list[str]
    peer_with: list[str]
    pos: Pos


@dataclass
class Component:
    """A component with its catalog row and every resolved attribute."""

    id: str
    info: TypeInfo
    spec: YMap  # the merged source map: values and where each was written
    region: str | None
    network: str | None
    subnets: list[str]
    azs: frozenset[str]
    effective_count: int
    public: bool
    tier: str
    environment: str
    pos: Pos

    @property
    def type(self) -> str:
        return self.info.name

    @property
    def scope(self) -> str:
        """`zonal` for VPC-attached Lambda, the catalog scope otherwise."""
        if self.info.name == "aws.lambda" and self.subnets:
            return "zonal"
        return self.info.scope

    def get(self, key: str, default: Any = None) -> Any:
        return self.spec.get(key, default)

    @property
    def role(self) -> str | None:
        return self.spec.get("role")

    @property
    def replica_of(self) -> str | None:
        return self.spec.get("replica_of")

    @property
    def engine(self) -> str | None:
        return self.spec.get("engine")

    @property
    def sharded(self) -> bool:
        """Nodes that each hold a slice of the keys (memcached): more nodes are not a standby."""
        return self.engine in SHARDED_ENGINES

    @property
    def stateful(self) -> bool:
        """Holds durable data (a memcached cache does not, whatever its type)."""
        return self.info.stateful and not self.sharded

    @property
    def multi_az(self) -> bool:
        """Multi-AZ in the sense of the blueprint format."""
        if self.scope != "zonal" or self.sharded or self.effective_count == 0:
            return False
        if self.info.managed_standby and self.spec.get("multi_az") is True:
            return True
        if len(self.azs) < 2:
            return False
        return self.info.name in PER_AZ_TYPES or self.effective_count >= 2

    @property
    def redundant(self) -> bool:
        """Not "non-redundant" in the sense of the rules."""
        if self.info.name == "aws.sagemaker_endpoint":
            return self.effective_count >= 2
        return self.scope != "zonal" or self.multi_az


@dataclass
class Flow:
    id: str
    source: str
    target: str
    ports: list[tuple[int, int]] | str | None  # None: not stated; "all"
    protocol: str | None
    actions: list[str]
    is_async: bool
    tls: bool | None
    label: str | None
    pos: Pos
    spec: YMap | None
    auth: str | None = None  # how the caller is authenticated; None: not stated


@dataclass
class Grant:
    actions: list[str]
    resources: list[str]
    pos: Pos


@dataclass
class Role:
    id: str
    attached_to: list[str]
    allow: list[Grant]
    pos: Pos
    assumed_by: str | None = None  # the AWS service principal that assumes it


@dataclass
class Waiver:
    rule: str
    element: str
    reason: str
    expires: datetime.date | None
    pos: Pos

    def in_force(self, today: datetime.date) -> bool:
        """Whether the waiver still hides its finding: it has no expiry date or has not passed it."""
        return self.expires is None or self.expires >= today


@dataclass(frozen=True)
class Element:
    """An element as findings name it: its source map (when it has one), where it
    was written, and the environment that scopes rules to it."""

    spec: YMap | None
    pos: Pos
    environment: str


@dataclass
class Blueprint:
    """One loaded (and, for overlays, merged) blueprint."""

    name: str
    file: str  # the file as shown in reports
    environment: str
    targets: dict[str, Any]
    regions: dict[str, Region]
    networks: dict[str, Network]
    subnets: dict[str, Subnet]
    peerings: list[Peering]
    transit_gateways: dict[str, TransitGateway]
    components: dict[str, Component]
    flows: list[Flow]
    roles: dict[str, Role]
    waivers: list[Waiver]
    root: YMap
    pos: Pos
    files: list[str] = field(default_factory=list)  # this file and every base it extends
    inline_ignores: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    organization: dict[str, bool] = field(default_factory=dict)  # services run for the whole AWS organisation

    @functools.cached_property
    def elements(self) -> dict[str, dict[str, Element]]:
        """kind -> id -> element: how findings, inline ignores and environment scoping
        find what a rule names (waivers and dotted keys are found by `locate`)."""
        env = self.environment
        index: dict[str, dict[str, Element]] = {
            "component": {cid: Element(c.spec, c.pos, c.environment) for cid, c in self.components.items()},
            "flow": {flow.id: Element(flow.spec, flow.pos, self._flow_environment(flow)) for flow in self.flows},
            "network": {nid: Element(n.spec, n.pos, n.environment) for nid, n in self.networks.items()},
            "role": {rid: Element(None, r.pos, env) for rid, r in self.roles.items()},
            "transit_gateway": {tid: Element(None, t.pos, env) for tid, t in self.transit_gateways.items()},
            "region": {rid: Element(None, r.pos, env) for rid, r in self.regions.items()},
            "peering": {}, "az": {},
        }
        for peering in self.peerings:  # named either way round; the first written wins
            for name in (peering.id, f"{peering.b}<->{peering.a}"):
                index["peering"].setdefault(name, Element(None, peering.pos, env))
        for region in self.regions.values():
            for az, pos in region.az_pos.items():
                index["az"].setdefault(az, Element(None, pos, env))
        return index

    def _flow_environment(self, flow: Flow) -> str:
        """Production if either end is, else the ends' environment."""
        ends = [self.components[cid].environment for cid in (flow.source, flow.target) if cid in self.components]
        return "prod" if "prod" in ends else next(iter(ends), self.environment)

    def environment_of(self, kind: str, element: str) -> str:
        """Environment of an element: its network's, else the blueprint's."""
        found = self.elements.get(kind, {}).get(element)
        return self.environment if found is None else found.environment

    @property
    def primary_region(self) -> str | None:
        for region in self.regions.values():
            if region.role == "primary":
                return region.id
        return next(iter(self.regions), None)

    def written_strings(self) -> Iterator[tuple[str, str, str]]:
        """Every string written under a key anywhere in the file, in file order:
        (dotted path, key, value); for rules about what was written, wherever it was."""
        return _strings_under(self.root, "")

    def locate(self, kind: str, element: str, key: str | None = None) -> Pos:
        """Where a finding about `element` (and the value under `key`) was written."""
        spec, pos = self._element(kind, element, key)
        if key and isinstance(spec, YMap):
            value_pos = _key_position(spec, key)
            if value_pos is not None:
                return value_pos
        return pos

    def element_lines(self, kind: str, element: str) -> list[Pos]:
        """Every place the element is written: its definition and overlay mentions."""
        _, pos = self._element(kind, element)
        container = _ELEMENT_CONTAINERS.get(kind)
        extra: list[Pos] = []
        if container:
            parent = self.root.get(container)
            if isinstance(parent, YMap):
                extra = [at(m) for m in parent.more_marks.get(element, [])]
        return [pos, *extra]

    def _element(self, kind: str, element: str, key: str | None = None) -> tuple[Any, Pos]:
        found = self.elements.get(kind, {}).get(element)
        if found is not None:
            return found.spec, found.pos
        if kind == "waiver":  # the key of a waiver finding is the waived rule id
            for waiver in self.waivers:
                if waiver.element == element and waiver.rule == key:
                    return None, waiver.pos
        if kind == "key":
            return None, _dotted_position(self.root, element) or self.pos
        return None, self.pos


_ELEMENT_CONTAINERS = {"component": "components", "network": "networks", "role": "iam"}


def _strings_under(node: Any, path: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, YMap):
        for key, value in node.items():
            here = f"{path}.{key}" if path else str(key)
            if isinstance(value, str):
                yield here, str(key), value
            else:
                yield from _strings_under(value, here)
    elif isinstance(node, YSeq):
        for index, item in enumerate(node):
            yield from _strings_under(item, f"{path}.{index}")


def _key_position(spec: YMap, dotted: str) -> Pos | None:
    node: Any = spec
    parts = dotted.split(".")
    for part in parts[:-1]:
        node = node.get(part) if isinstance(node, YMap) else None
    last = parts[-1]
    if isinstance(node, YMap) and last in node.val_marks:
        return node.value_pos(last)
    if isinstance(node, YMap) and last in node.removed_marks:
        return node.removed_pos(last)
    return None


def _dotted_position(root: YMap, dotted: str) -> Pos | None:
    """Position of a dotted key path such as `components.db.tags.password`."""
    node: Any = root
    parts = dotted.split(".")
    for part in parts[:-1]:
        if isinstance(node, YMap):
            node = node.get(part)
        elif isinstance(node, YSeq) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    if isinstance(node, YMap) and parts[-1] in node.key_marks:
        return node.key_pos(parts[-1])
    return None
