"""The blueprint model: validated, resolved elements with their source positions.

The loader builds these from the positioned YAML tree; rules read them (mostly
through the graph) and never compute positions themselves — `Blueprint.locate`
maps an element, and optionally the key a finding is about, to where it was
written, in the overlay or in its base file.
"""
from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

from .catalog import PER_AZ_TYPES, SHARDED_ENGINES, TypeInfo
from .yaml_reader import Pos, YMap, YSeq, at

# Elements are compared by identity (`eq=False`): no rule asks whether two
# elements hold the same values, and every generated `__eq__` costs start-up
# time, which pre-commit pays on every save.


@dataclass(eq=False)
class Region:
    """A region the design runs in, with its availability zones."""

    id: str
    azs: list[str]
    role: str
    pos: Pos
    az_pos: dict[str, Pos]


@dataclass(eq=False)
class Subnet:
    """A subnet of a network, in one availability zone."""

    id: str
    network: str
    az: str
    cidr: ipaddress.IPv4Network
    public: bool
    pos: Pos


@dataclass(eq=False)
class Network:
    """A VPC: its address range, region and subnets."""

    id: str
    region: str
    cidr: ipaddress.IPv4Network
    environment: str
    flow_logs: bool
    subnets: dict[str, Subnet]
    pos: Pos
    spec: YMap


@dataclass(eq=False)
class Peering:
    """A VPC peering between two networks (not transitive)."""

    a: str
    b: str
    pos: Pos

    @property
    def id(self) -> str:
        return f"{self.a}<->{self.b}"


@dataclass(eq=False)
class TransitGateway:
    """A transit gateway and the networks attached to it."""

    id: str
    region: str
    attachments: list[str]
    peer_with: list[str]
    pos: Pos


@dataclass(eq=False)
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


@dataclass(eq=False)
class Flow:
    """Traffic from one component to another: ports, protocol, actions."""

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


@dataclass(eq=False)
class Grant:
    """One IAM allow statement: actions on resources."""

    actions: list[str]
    resources: list[str]
    pos: Pos


@dataclass(eq=False)
class Role:
    """An IAM role, the components it is attached to and what it allows."""

    id: str
    attached_to: list[str]
    allow: list[Grant]
    pos: Pos
    assumed_by: str | None = None  # the AWS service principal that assumes it


@dataclass(eq=False)
class Waiver:
    """An accepted finding: rule, element, reason and expiry."""

    rule: str
    element: str
    reason: str
    expires: datetime.date | None
    pos: Pos

    def in_force(self, today: datetime.date) -> bool:
        """Whether the waiver still hides its finding: it has no expiry date or has not passed it."""
        return self.expires is None or self.expires >= today


class Element(NamedTuple):
    """An element as findings name it: its source map (when it has one), where it
    was written, and the environment that scopes rules to it."""

    spec: YMap | None
    pos: Pos
    environment: str


@dataclass(eq=False)
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
    _element_index: dict[str, dict[str, Element]] = field(default_factory=dict, init=False, repr=False)
    # Every map key written in the file and its bases (None: not known, e.g. a blueprint built in code).
    key_names: set[Any] | None = None

    def elements(self, kind: str) -> dict[str, Element]:
        """id -> element of one kind: how findings, inline ignores and environment scoping
        find what a rule names (waivers and dotted keys are found by `locate`). A kind is
        indexed the first time it is asked for: most runs name few kinds."""
        index = self._element_index.get(kind)
        if index is None:
            index = self._element_index[kind] = self._index_elements(kind)
        return index

    def _index_elements(self, kind: str) -> dict[str, Element]:
        env = self.environment
        if kind == "component":
            return {cid: Element(c.spec, c.pos, c.environment) for cid, c in self.components.items()}
        if kind == "flow":
            return {flow.id: Element(flow.spec, flow.pos, self._flow_environment(flow)) for flow in self.flows}
        if kind == "network":
            return {nid: Element(n.spec, n.pos, n.environment) for nid, n in self.networks.items()}
        index: dict[str, Element] = {}
        if kind == "peering":
            for peering in self.peerings:  # named either way round; the first written wins
                for name in (peering.id, f"{peering.b}<->{peering.a}"):
                    index.setdefault(name, Element(None, peering.pos, env))
        elif kind == "az":
            for region in self.regions.values():
                for az, pos in region.az_pos.items():
                    index.setdefault(az, Element(None, pos, env))
        else:
            named: dict[str, Any] = {"role": self.roles, "transit_gateway": self.transit_gateways, "region": self.regions}
            index = {eid: Element(None, e.pos, env) for eid, e in named.get(kind, {}).items()}
        return index

    def _flow_environment(self, flow: Flow) -> str:
        """Production if either end is, else the ends' environment."""
        ends = [self.components[cid].environment for cid in (flow.source, flow.target) if cid in self.components]
        return "prod" if "prod" in ends else next(iter(ends), self.environment)

    def environment_of(self, kind: str, element: str) -> str:
        """Environment of an element: its network's, else the blueprint's."""
        found = self.elements(kind).get(element)
        return self.environment if found is None else found.environment

    @property
    def primary_region(self) -> str | None:
        for region in self.regions.values():
            if region.role == "primary":
                return region.id
        return next(iter(self.regions), None)

    def written_strings(self, key_wanted: Callable[[str], Any]) -> list[tuple[str, str]]:
        """Every string written under a key that `key_wanted` accepts, anywhere in the
        file, in file order: (dotted path, value); for rules about what was written,
        wherever it was."""
        found: list[tuple[str, str]] = []
        if self.key_names is None or any(key_wanted(str(key)) for key in self.key_names):
            _strings_under(self.root, "", key_wanted, found)  # a walk of the whole file: only when it can find something
        return found

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
        found = self.elements(kind).get(element)
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


def _strings_under(node: Any, path: str, key_wanted: Callable[[str], Any], found: list[tuple[str, str]]) -> None:
    # A big blueprint holds a million strings: paths are made per map, and per string only when wanted.
    if isinstance(node, YMap):
        for key, value in node.items():
            if isinstance(value, str):
                name = str(key)
                if key_wanted(name):
                    found.append((f"{path}.{name}" if path else name, value))
            elif isinstance(value, (YMap, YSeq)):
                _strings_under(value, f"{path}.{key}" if path else str(key), key_wanted, found)
    elif isinstance(node, YSeq):
        for index, item in enumerate(node):
            if isinstance(item, (YMap, YSeq)):
                _strings_under(item, f"{path}.{index}", key_wanted, found)


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
