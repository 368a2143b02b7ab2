"""Network rules: peering is not transitive, every cross-VPC flow needs a route."""
from __future__ import annotations

import functools
from ipaddress import IPv4Network
from typing import TYPE_CHECKING, Iterator

from ..graph import Context, is_replication
from ..lazy import lazy_module
from ..model import Flow
from . import Violation, rule

if TYPE_CHECKING:
    import networkx as nx
else:
    nx = lazy_module("networkx")  # loaded when a rule first asks: `rules` and `types` never pay for it


class NetworkLinks:
    """Which networks route to each other: peerings and transit gateways (the NET rules' facts)."""

    def __init__(self, ctx: Context):
        self.blueprint = ctx.blueprint

    @functools.cached_property
    def peering_graph(self) -> nx.Graph:
        graph = nx.Graph()
        graph.add_nodes_from(self.blueprint.networks)
        graph.add_edges_from((p.a, p.b) for p in self.blueprint.peerings)
        return graph

    @functools.cached_property
    def gateway_groups(self) -> list[set[str]]:
        """Sets of networks that reach each other through transit gateways."""
        gateways = self.blueprint.transit_gateways
        groups = []
        for tgw in gateways.values():
            groups.append(set(tgw.attachments))
            for other in tgw.peer_with:
                groups.append(set(tgw.attachments) | set(gateways[other].attachments))
        return groups

    @functools.cached_property
    def _gateway_membership(self) -> dict[str, list[int]]:
        membership: dict[str, list[int]] = {}
        for index, group in enumerate(self.gateway_groups):
            for network in group:
                membership.setdefault(network, []).append(index)
        return membership

    def connected(self, a: str, b: str) -> bool:
        """Directly peered, on one transit gateway, or on two peered gateways."""
        if a == b or self.peering_graph.has_edge(a, b):
            return True
        groups = self._gateway_membership
        return bool(set(groups.get(a, ())) & set(groups.get(b, ())))

    def peering_chain(self, a: str, b: str) -> list[str] | None:
        """The shortest chain of peerings linking two networks, if any."""
        try:
            return nx.shortest_path(self.peering_graph, a, b)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return None


def cross_network_flows(ctx: Context) -> list[tuple[Flow, str, str]]:
    """Flows between components in two different networks that need a route.

    Public targets are exempt (the flow can go over the internet), and so is
    managed replication between a store and its replica: the service carries it.
    Found once for the rules that ask (NET001, NET002).
    """
    return ctx.shared(_cross_network_flows)


def _cross_network_flows(ctx: Context) -> list[tuple[Flow, str, str]]:
    return [(flow, source.network, target.network) for flow, source, target in ctx.flow_ends()
            if source.network and target.network and source.network != target.network and not target.public
            and not is_replication(source, target)]


@rule("NET001", "transitive-peering", "error")
def transitive_peering(ctx: Context) -> Iterator[Violation]:
    """A flow that relies on VPC peering being transitive.

    ## What it does
    Flags a flow between components in two networks that are not connected
    (not peered directly, not on a shared or peered transit gateway — one
    side's `peer_with` is enough) while a chain of two or more peerings links
    them (A–B–C). A flow between a store and its `replica_of` is managed
    replication and needs no route.

    ## Why it matters
    VPC peering is not transitive: A–B and B–C do not let A talk to C. The
    diagram looks connected, but packets from A to C are dropped.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:
      a: {cidr: 10.0.0.0/16, subnets: {a-app: {az: us-east-1a, cidr: 10.0.1.0/24}}}
      b: {cidr: 10.1.0.0/16}
      c: {cidr: 10.2.0.0/16, subnets: {c-data: {az: us-east-1a, cidr: 10.2.1.0/24}}}
    connectivity:
      peerings: [[a, b], [b, c]]               # a and c are not peered
    components:
      app: {type: aws.ec2, subnets: [a-app]}
      db:  {type: aws.rds, subnets: [c-data]}
    flows:
      - {from: app, to: db, port: 5432}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:
      a: {cidr: 10.0.0.0/16, subnets: {a-app: {az: us-east-1a, cidr: 10.0.1.0/24}}}
      b: {cidr: 10.1.0.0/16}
      c: {cidr: 10.2.0.0/16, subnets: {c-data: {az: us-east-1a, cidr: 10.2.1.0/24}}}
    connectivity:
      peerings: [[a, b], [b, c], [a, c]]
    components:
      app: {type: aws.ec2, subnets: [a-app]}
      db:  {type: aws.rds, subnets: [c-data]}
    flows:
      - {from: app, to: db, port: 5432}
    ```

    ## How to fix
    Peer the two networks directly, or attach all of them to a transit
    gateway (hub and spoke).
    """
    links = ctx.shared(NetworkLinks)
    for flow, a, b in cross_network_flows(ctx):
        if links.connected(a, b):
            continue
        chain = links.peering_chain(a, b)
        if chain and len(chain) > 2:
            yield Violation("flow", flow.id,
                            f"flow {flow.id} needs {a} and {b} connected, but only the peering chain "
                            f"{' <-> '.join(chain)} links them and peering is not transitive; "
                            f"peer {a} with {b} directly or use a transit gateway")


@rule("NET002", "no-route", "error")
def no_route(ctx: Context) -> Iterator[Violation]:
    """A flow between two networks that nothing connects.

    ## What it does
    Flags a flow between components in two different networks that are not
    connected and that no chain of peerings links either. A flow between a
    store and its `replica_of` is managed replication and needs no route.

    ## Why it matters
    There is no route: the flow the design depends on cannot happen.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:                                  # no connectivity between a and b
      a: {cidr: 10.0.0.0/16, subnets: {a-app: {az: us-east-1a, cidr: 10.0.1.0/24}}}
      b: {cidr: 10.1.0.0/16, subnets: {b-data: {az: us-east-1a, cidr: 10.1.1.0/24}}}
    components:
      app: {type: aws.ec2, subnets: [a-app]}
      db:  {type: aws.rds, subnets: [b-data]}
    flows:
      - {from: app, to: db, port: 5432}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:
      a: {cidr: 10.0.0.0/16, subnets: {a-app: {az: us-east-1a, cidr: 10.0.1.0/24}}}
      b: {cidr: 10.1.0.0/16, subnets: {b-data: {az: us-east-1a, cidr: 10.1.1.0/24}}}
    connectivity:
      peerings: [[a, b]]
    components:
      app: {type: aws.ec2, subnets: [a-app]}
      db:  {type: aws.rds, subnets: [b-data]}
    flows:
      - {from: app, to: db, port: 5432}
    ```

    ## How to fix
    Add a peering between the two networks, or attach both to a transit
    gateway; or make the target public if the flow really goes over the
    internet.
    """
    links = ctx.shared(NetworkLinks)
    for flow, a, b in cross_network_flows(ctx):
        if not links.connected(a, b) and links.peering_chain(a, b) is None:
            yield Violation("flow", flow.id,
                            f"flow {flow.id} crosses from network {a} to {b}, which are not connected; "
                            f"add a peering or a transit gateway attachment")


@rule("NET003", "overlapping-cidr", "error")
def overlapping_cidr(ctx: Context) -> Iterator[Violation]:
    """Two connected networks whose CIDRs overlap.

    ## What it does
    Flags a peering, or a transit gateway, that connects two networks whose
    address ranges overlap. Element: the peering `a<->b` or the gateway id.

    ## Why it matters
    AWS refuses to peer overlapping VPCs, and routes through a transit
    gateway become ambiguous: the design cannot be built as drawn.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:
      a: {cidr: 10.0.0.0/16}
      b: {cidr: 10.0.128.0/17}
    connectivity:
      peerings: [[a, b]]
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:
      a: {cidr: 10.0.0.0/16}
      b: {cidr: 10.1.0.0/16}
    connectivity:
      peerings: [[a, b]]
    ```

    ## How to fix
    Re-address one of the networks (plan non-overlapping CIDRs per VPC).
    """
    networks = ctx.blueprint.networks
    for peering in ctx.blueprint.peerings:
        a, b = networks[peering.a], networks[peering.b]
        if a.cidr.overlaps(b.cidr):
            yield Violation("peering", peering.id,
                            f"peering {peering.id} joins {a.id} ({a.cidr}) and {b.id} ({b.cidr}), whose CIDRs overlap; re-address one of them")
    gateways = ctx.blueprint.transit_gateways
    for tid, tgw in gateways.items():
        own = set(tgw.attachments)
        joined = own.union(*(gateways[p].attachments for p in tgw.peer_with))
        clashes = [f"{x} ({networks[x].cidr}) and {y} ({networks[y].cidr})"
                   for x, y in overlapping_pairs({n: networks[n].cidr for n in joined})
                   if x in own or y in own]
        if clashes:
            yield Violation("transit_gateway", tid,
                            f"transit gateway {tid} connects networks whose CIDRs overlap: {'; '.join(clashes)}; re-address them")


def overlapping_pairs(cidrs: dict[str, IPv4Network]) -> list[tuple[str, str]]:
    """Every pair of names whose CIDRs overlap, sorted; a sweep over address ranges,
    so a gateway with thousands of attachments costs O(k log k) plus the clashes."""
    ranges = sorted((int(net.network_address), int(net.broadcast_address), name) for name, net in cidrs.items())
    pairs: list[tuple[str, str]] = []
    open_ranges: list[tuple[int, str]] = []  # (last address, name) of ranges that may still overlap
    for first, last, name in ranges:
        open_ranges = [(end, other) for end, other in open_ranges if end >= first]
        pairs.extend((min(other, name), max(other, name)) for _, other in open_ranges)
        open_ranges.append((last, name))
    return sorted(pairs)


def is_prod(environment: str) -> bool:
    return environment == "prod"


@rule("NET004", "prod-nonprod-link", "warning")
def prod_nonprod_link(ctx: Context) -> Iterator[Violation]:
    """A peering, transit gateway or flow that joins prod with non-prod.

    ## What it does
    Flags a peering between a `prod` and a non-`prod` network, a transit
    gateway whose own attachments include both, and a flow between a `prod`
    and a non-`prod` component (a component's environment is its network's,
    else the blueprint's).

    ## Why it matters
    Non-production environments are less guarded: a compromised dev box that
    can route to production turns a minor incident into a breach, and a dev
    job can corrupt production data by mistake.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:
      prod-vpc: {environment: prod, cidr: 10.0.0.0/16}
      dev-vpc:  {environment: dev, cidr: 10.1.0.0/16}
    connectivity:
      peerings: [[prod-vpc, dev-vpc]]
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a]}
    networks:
      prod-vpc:        {environment: prod, cidr: 10.0.0.0/16}
      shared-prod-vpc: {environment: prod, cidr: 10.1.0.0/16}
    connectivity:
      peerings: [[prod-vpc, shared-prod-vpc]]
    ```

    ## How to fix
    Remove the link, or isolate it (separate transit gateway route tables)
    and record that in a waiver with the reason.
    """
    networks = ctx.blueprint.networks
    for peering in ctx.blueprint.peerings:
        a, b = networks[peering.a], networks[peering.b]
        if is_prod(a.environment) != is_prod(b.environment):
            yield Violation("peering", peering.id,
                            f"peering {peering.id} joins {a.environment} network {a.id} with {b.environment} network {b.id}; "
                            f"keep prod and non-prod apart")
    for tid, tgw in ctx.blueprint.transit_gateways.items():
        prod = sorted(n for n in tgw.attachments if is_prod(networks[n].environment))
        other = sorted(n for n in tgw.attachments if not is_prod(networks[n].environment))
        if prod and other:
            yield Violation("transit_gateway", tid,
                            f"transit gateway {tid} attaches prod network(s) {', '.join(prod)} and non-prod network(s) "
                            f"{', '.join(other)}; use a separate gateway or isolated route tables")
    for flow, source, target in ctx.flow_ends():
        if is_prod(source.environment) != is_prod(target.environment):
            yield Violation("flow", flow.id,
                            f"flow {flow.id} joins {source.environment} `{source.id}` with {target.environment} `{target.id}`; "
                            f"keep prod and non-prod apart")
