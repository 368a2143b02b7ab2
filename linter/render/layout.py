"""Where everything goes: the cluster tree, the drawn nodes and the edges.

Pure data, no `diagrams` import: the builder turns a `Scene` into a Diagram.

Clusters nest as the AWS architecture icons guide draws them: external
components at the top level, then an AWS Cloud group holding the global
services and one group per region; a region holds its regional services, its
transit gateways and its VPCs; a VPC holds one group per AZ, an AZ one group per
subnet. Iteration is sorted everywhere so that the same blueprint always gives
the same DOT text.

Multi-AZ components are drawn once per AZ they run in (as the hand-drawn
guides do: "AZ 1: app, RDS primary / AZ 2: app, RDS standby") rather than once
with the AZs written on them, because the AZ groups are the point of the
picture: an empty AZ group or a lone instance is what a reviewer should see.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from ..catalog import PER_AZ_TYPES
from ..dotescape import dot_id_part
from ..graph import flow_attributes
from ..model import Blueprint, Component, Flow
from .icons import PEERING, TRANSIT_GATEWAY

REGION_ORDER = {"primary": 0, "secondary": 1, "dr": 2}
LABEL_WIDTH = 20  # characters per label line: about as wide as an icon at 11 pt


@dataclass
class Item:
    """One drawn node."""

    key: str  # the stable DOT node id
    kind: str  # component | peering | transit_gateway | placeholder
    element: str  # the blueprint element it stands for (component id, peering id, ...)
    icon: str  # catalog type (or icons.PEERING / TRANSIT_GATEWAY) choosing the icon
    title: str
    note: str = ""
    az: str | None = None
    change: str = ""  # `archlint diff`: added | removed | changed


@dataclass
class Group:
    """One cluster."""

    key: str
    kind: str  # cloud | region | network | az | subnet
    element: str  # region id, network id, AZ name or subnet id
    label: str
    groups: list["Group"] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    public: bool = False  # subnets: drawn green, private ones blue
    rank: tuple = ()  # sort key among siblings; regions put the primary first
    change: str = ""  # `archlint diff`: added | removed | changed

    def __post_init__(self) -> None:
        self.rank = self.rank or (0, self.element)

    def child(self, key: str, kind: str, element: str, label: str) -> "Group":
        for group in self.groups:
            if group.key == key:
                return group
        group = Group(key, kind, element, label)
        self.groups.append(group)
        return group

    def walk_items(self):
        yield from self.items
        for group in self.groups:
            yield from group.walk_items()


@dataclass
class Link:
    """One drawn edge."""

    tail: str
    head: str
    kind: str  # flow | replica | standby | dlq | waf | peering | attachment | tgw_peering
    element: str  # flow id / peering id / transit gateway id, for highlighting
    label: str = ""
    dashed: bool = False
    head_group: str | None = None  # clip at this cluster (edges that end on a VPC)
    change: str = ""  # `archlint diff`: added | removed | changed


@dataclass
class Scene:
    name: str
    title: str
    root: Group
    links: list[Link]
    direction: str = "LR"  # Graphviz rankdir
    max_width: float | None = None  # inches: Graphviz scales a wider drawing down to this
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # extra legend rows: (colour, mark, text)

    @property
    def node_count(self) -> int:
        return sum(1 for _ in self.root.walk_items())


def node_key(*parts: str) -> str:
    """A stable DOT id from element names (AZ names are free text: see `dot_id_part`)."""
    return "/".join(dot_id_part(part) for part in parts)


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def build_scene(blueprint: Blueprint) -> Scene:
    """Place every component, network and connection of a blueprint."""
    return _Placer(blueprint).scene()


class _Placer:
    def __init__(self, blueprint: Blueprint):
        self.bp = blueprint
        self.root = Group("root", "root", "", "")
        self.cloud = self.root.child("cloud", "cloud", "", "AWS Cloud")
        self.drawn: dict[str, list[Item]] = {}

    def scene(self) -> Scene:
        for cid in sorted(self.bp.components):
            self.drawn[cid] = self.place(self.bp.components[cid])
        for subnet_id in sorted(self.bp.subnets):  # every subnet appears, even an empty one
            self.placeholder(self.subnet(subnet_id))
        for network_id in sorted(self.bp.networks):  # every VPC appears, even without components
            self.placeholder(self.network(network_id))
        links = self.flow_links() + self.relation_links() + self.connectivity_links()
        for region_id in sorted(self.bp.regions):  # an empty DR region is news too
            self.placeholder(self.region(region_id))
        sort_group(self.root)
        return Scene(self.bp.name, self.title(), self.root, links)

    def title(self) -> str:
        description = self.bp.root.get("description")
        head = f"{self.bp.name} ({self.bp.environment})"
        return f"{head}\n{wrap(str(description), 110)}" if description else head

    # -- groups ------------------------------------------------------------------
    def region(self, region_id: str) -> Group:
        return region_group(self.cloud, self.bp, region_id)

    def network(self, network_id: str) -> Group:
        network = self.bp.networks[network_id]
        env = f" · {network.environment}" if network.environment != self.bp.environment else ""
        label = f"VPC {network.id} · {network.cidr}{env}"
        return self.region(network.region).child(node_key("vpc", network.id), "network", network.id, label)

    def az(self, parent: Group, az: str) -> Group:
        return parent.child(node_key("az", parent.element, az), "az", az, f"Availability Zone {az}")

    def subnet(self, subnet_id: str) -> Group:
        subnet = self.bp.subnets[subnet_id]
        kind = "public" if subnet.public else "private"
        group = self.az(self.network(subnet.network), subnet.az).child(
            node_key("subnet", subnet_id), "subnet", subnet_id, f"{kind} subnet {subnet_id} · {subnet.cidr}")
        group.public = subnet.public
        return group

    @staticmethod
    def placeholder(group: Group) -> None:
        if not any(True for _ in group.walk_items()):
            group.items.append(Item(node_key("empty", group.key), "placeholder", group.element, "", title="(no components)"))

    # -- components --------------------------------------------------------------
    def place(self, component: Component) -> list[Item]:
        title = wrap(component.get("label") or component.id)
        item = Item(node_key("c", component.id), "component", component.id, component.type, title)
        if component.scope == "external":
            return [_add(self.root, item)]
        if component.scope == "global" or component.region is None:
            return [_add(self.cloud, item)]
        region = self.region(component.region)
        places = _placements(self.bp, component)
        if component.scope != "zonal" or not places:
            return [_add(region, item)]
        notes = _instance_notes(component, len(places))
        return [_add(self.subnet(subnet) if subnet else self.az(region, az),
                     Item(node_key("c", component.id, subnet or az), "component", component.id, component.type, title, note, az))
                for (az, subnet), note in zip(places, notes, strict=False)]  # fewer notes: fewer instances drawn

    # -- edges -------------------------------------------------------------------
    def flow_links(self) -> list[Link]:
        links = []
        for flow in self.bp.flows:
            pairs = _pair(self.drawn[flow.source], self.receivers(flow.target))
            links += [Link(tail.key, head.key, "flow", flow.id, flow_label(flow) if index == 0 else "", flow.is_async)
                      for index, (tail, head) in enumerate(pairs)]
        return links

    def receivers(self, cid: str) -> list[Item]:
        """Where traffic to a component lands: a managed standby takes none."""
        items = self.drawn[cid]
        return items[:1] if _has_standby(self.bp.components[cid]) else items

    def relation_links(self) -> list[Link]:
        links = []
        # `waf:` means a flow from the WAF; an author who drew the flow either way already shows it
        flows = joined_pairs(self.bp)
        for cid in sorted(self.bp.components):
            component, first = self.bp.components[cid], self.drawn[cid][0]
            if _has_standby(component):
                links += [Link(first.key, other.key, "standby", cid, "standby", True) for other in self.drawn[cid][1:]]
            if component.replica_of in self.drawn:
                links.append(Link(self.drawn[component.replica_of][0].key, first.key, "replica", cid, "replica", True))
            if component.get("dlq") in self.drawn:
                links.append(Link(first.key, self.drawn[component.get("dlq")][0].key, "dlq", cid, "DLQ", True))
            waf = component.get("waf")
            if waf in self.drawn and (waf, cid) not in flows:
                links += [Link(self.drawn[waf][0].key, item.key, "waf", cid, "WAF" if i == 0 else "", True)
                          for i, item in enumerate(self.receivers(cid))]
        return links

    def connectivity_links(self) -> list[Link]:
        links = []
        for peering in sorted(self.bp.peerings, key=lambda p: p.id):
            home = self.shared_region(peering.a, peering.b)
            item = _add(home, Item(node_key("peering", peering.a, peering.b), "peering", peering.id, PEERING,
                                   wrap(f"VPC peering {peering.a} ↔ {peering.b}")))
            links += [self.vpc_link(item, network, "peering", peering.id) for network in (peering.a, peering.b)]
        gateways = self.bp.transit_gateways
        for tid in sorted(gateways):
            tgw = gateways[tid]
            item = _add(self.region(tgw.region), Item(node_key("tgw", tid), "transit_gateway", tid, TRANSIT_GATEWAY, wrap(f"transit gateway {tid}")))
            links += [self.vpc_link(item, network, "attachment", tid) for network in sorted(tgw.attachments)]
        for tid in sorted(gateways):
            links += [Link(node_key("tgw", tid), node_key("tgw", other), "tgw_peering", tid, "TGW peering", True)
                      for other in sorted(gateways[tid].peer_with) if tid < other or tid not in gateways[other].peer_with]
        return links

    def shared_region(self, a: str, b: str) -> Group:
        region_a, region_b = self.bp.networks[a].region, self.bp.networks[b].region
        return self.region(region_a) if region_a == region_b else self.cloud

    def vpc_link(self, item: Item, network_id: str, kind: str, element: str) -> Link:
        """An edge from a plumbing node to a VPC, clipped at the VPC's border."""
        vpc = self.network(network_id)
        anchor = min(vpc.walk_items(), key=lambda i: i.key)
        return Link(item.key, anchor.key, kind, element, head_group=vpc.key)


def joined_pairs(bp: Blueprint) -> set[tuple[str, str]]:
    """(a, b) for every two components a flow joins, either way."""
    return {pair for f in bp.flows for pair in ((f.source, f.target), (f.target, f.source))}


def region_group(cloud: Group, bp: Blueprint, region_id: str) -> Group:
    """The region's group in `cloud`, ranked so that the primary comes first, then by role and name."""
    region = bp.regions.get(region_id)
    role = region.role if region else ""
    label = f"Region {region_id}" + (f" · {role}" if role else "")
    group = cloud.child(node_key("region", region_id), "region", region_id, label)
    group.rank = (REGION_ORDER.get(role, 9), region_id)
    return group


def _add(group: Group, item: Item) -> Item:
    group.items.append(item)
    return item


def _placements(bp: Blueprint, component: Component) -> list[tuple[str, str | None]]:
    """(AZ, subnet) pairs where the component can run, sorted by AZ."""
    if component.subnets:
        return sorted((bp.subnets[s].az, s) for s in set(component.subnets))
    return [(az, None) for az in sorted(component.azs)]


def _has_standby(component: Component) -> bool:
    return component.info.managed_standby and component.get("multi_az") is True


def _instance_notes(component: Component, places: int) -> list[str]:
    """One note per drawn instance; how many instances are drawn follows from the notes.

    Per-AZ types (load balancers, NAT gateways, endpoints) run in every subnet;
    a managed standby is a primary and a standby; otherwise the component is
    drawn in every subnet it may run in, so a 3-AZ design never looks like a
    2-AZ one: with fewer instances than subnets each says "×0–1 of 2".
    """
    count = component.effective_count
    if component.type in PER_AZ_TYPES:
        return [""] * places
    if _has_standby(component):
        first = "replica" if component.replica_of else "primary"  # a read replica can have a standby of its own
        return [first, "standby"] if places > 1 else [f"{first}, Multi-AZ (standby elsewhere)"]
    if places == 1:
        return [""]
    if count < places:  # the scheduler picks the AZs: each may hold one instance or none
        return [f"×0–1 of {count}"] * places
    shares = [count // places + (1 if i < count % places else 0) for i in range(places)]
    return [f"×{share} of {count}" for share in shares]


def _pair(tails: list[Item], heads: list[Item]) -> list[tuple[Item, Item]]:
    """Edges between instances: same-AZ pairs when both sides span AZs, else fan out."""
    if len(tails) == 1 or len(heads) == 1:
        return [(t, h) for t in tails for h in heads]
    pairs = [(t, h) for t in tails for h in heads if t.az == h.az]
    paired = {t.key for t, _ in pairs}
    pairs += [(t, h) for t in tails if t.key not in paired for h in heads]
    reached = {h.key for _, h in pairs}
    pairs += [(t, h) for h in heads if h.key not in reached for t in tails]
    return pairs


def flow_label(flow: Flow) -> str:
    """`443/https` and the flow's label on a second line."""
    ports = flow_attributes(flow)["port"]
    head = "/".join(part for part in (ports, flow.protocol) if part)
    return "\n".join(part for part in (head, wrap(flow.label, 28) if flow.label else "") if part)


def sort_group(group: Group) -> None:
    group.items.sort(key=lambda i: i.key)
    group.groups.sort(key=lambda g: g.rank)
    for child in group.groups:
        sort_group(child)
