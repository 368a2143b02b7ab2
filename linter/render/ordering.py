"""Sibling groups in their declared order, by construction.

In a left-to-right drawing Graphviz's ranks run left to right and `dot`
enforces them, while the vertical order of sibling clusters is left to its
crossing minimisation, which no DOT attribute controls. So the order archlint
guarantees is expressed as ranks: between two consecutive ordered siblings
(the regions of the AWS Cloud group, primary first; the AZ groups of a VPC or
region, by name) sits an invisible "gate" node, with invisible edges from
every node of the earlier sibling to the gate and from the gate to every node
of the later one. Every node of AZ `a` is then ranked left of every node of
AZ `b`, so the AZ groups themselves are drawn left to right.

Only the edges that matter are added: a group's `first` nodes are those every
other node of the group can be reached from along gate edges (its `last`
nodes likewise), so a chain of AZs costs one edge per node of each end, not
one per pair.

Hubs (transit gateways and VPC peerings) are ranked by their VPCs: left of
the VPCs of their own region, which are stacked to their right, or between
the two regions of a cross-region peering.

`dot` breaks cycles by reversing edges, which could reverse a gate edge and
undo the order; the gate edges go first, then the drawn edges in scene order,
and an edge that would close a cycle is drawn with `constraint=false`.

Gates lengthen the flows that run between AZs: each spans the ranks of a
whole AZ, and `dot`'s work grows with the ranks its edges span (a chain of
200 services alternating between both AZs and regional queues spans 20,000
ranks ordered, a few hundred unordered: minutes against half a second). A
layout whose ordered spans would pass `MAX_SPAN` is left in Graphviz's order,
and its title says so.

Pure data: no `diagrams` import.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx

from .layout import Group, Link, Scene, node_key

ORDERED = ("region", "az")  # sibling kinds drawn left to right in their sort order
HUBS = ("peering", "transit_gateway")
# Ranks spanned by all edges of an ordered layout, estimated by longest-path ranking. The example
# blueprints span at most about 200; past this, `dot` would take minutes.
MAX_SPAN = 3_000
UNORDERED_NOTE = "regions and AZs in the order Graphviz chose: ordering them would stretch this layout past what it lays out quickly"


@dataclass
class Ordering:
    """What a drawing adds so that its groups come out in order."""

    gates: dict[str, list[str]] = field(default_factory=dict)  # group key -> invisible gate nodes drawn in it
    edges: list[tuple[str, str]] = field(default_factory=list)  # invisible: tail ranked left of head
    loose: set[int] = field(default_factory=set)  # indexes of scene.links drawn with constraint=false
    heads: dict[int, str] = field(default_factory=dict)  # index in scene.links -> node a hub's spoke ends on
    note: str = ""  # said in the title when the order could not be afforded

    def head(self, index: int, link: Link) -> str:
        return self.heads.get(index, link.head)


def order_scene(scene: Scene) -> Ordering:
    """Gates, hub ranks and the edges that must not constrain ranks, for a left-to-right scene."""
    ordering = Ordering()
    ends = _Ends(scene.root)
    _gate(scene.root, ends, ordering)
    _rank_hubs(scene, ends, ordering)
    ordering.loose = _cycle_closers(scene, ordering)
    if _rank_span(scene, ordering) > MAX_SPAN:
        return Ordering(note=UNORDERED_NOTE)
    return ordering


class _Ends:
    """Each group's first and last nodes (see the module docstring), once gates are placed."""

    def __init__(self, root: Group):
        self.first: dict[str, list[str]] = {}
        self.last: dict[str, list[str]] = {}
        self.region_of: dict[str, Group] = {}  # VPC key -> its region group
        self._collect(root, None)

    def _collect(self, group: Group, region: Group | None) -> None:
        region = group if group.kind == "region" else region
        for child in group.groups:
            self._collect(child, region)
        if group.kind == "network" and region is not None:
            self.region_of[group.key] = region
        items = [item.key for item in group.items]
        ordered, free = _split(group)
        self.first[group.key] = items + self._union(self.first, free + ordered[:1])
        self.last[group.key] = items + self._union(self.last, free + ordered[-1:])

    @staticmethod
    def _union(ends: dict[str, list[str]], groups: list[Group]) -> list[str]:
        return [key for group in groups for key in ends[group.key]]


def _split(group: Group) -> tuple[list[Group], list[Group]]:
    """A group's children drawn in order (already sorted by rank) and the others."""
    ordered = [child for child in group.groups if child.kind in ORDERED]
    return ordered, [child for child in group.groups if child.kind not in ORDERED]


def _gate(group: Group, ends: _Ends, ordering: Ordering) -> None:
    ordered, _ = _split(group)
    for before, after in pairwise(ordered):
        gate = node_key("gate", before.key, after.key)
        ordering.gates.setdefault(group.key, []).append(gate)
        ordering.edges += [(key, gate) for key in ends.last[before.key]]
        ordering.edges += [(gate, key) for key in ends.first[after.key]]
    for child in group.groups:
        _gate(child, ends, ordering)


def _rank_hubs(scene: Scene, ends: _Ends, ordering: Ordering) -> None:
    """Rank each hub beside its VPCs and end each spoke on the VPC's nearest nodes.

    A hub sits left of the VPCs of its own region (they stack to its right), or
    right of them when it peers with a transit gateway of a later region, so the
    two gateways face each other across the border; a cross-region peering sits
    between its two regions.
    """
    homes = {item.key: group for group in _walk(scene.root) for item in group.items if item.kind in HUBS}
    regions = [group.key for group in _walk(scene.root) if group.kind == "region"]
    place = {key: regions.index(group.key) for key, group in homes.items() if group.kind == "region"}
    east = {end for link in scene.links if link.kind == "tgw_peering"
            for end, other in ((link.tail, link.head), (link.head, link.tail)) if place.get(end, 0) < place.get(other, 0)}
    spokes: dict[str, list[str]] = {}
    for link in scene.links:
        if link.tail in homes and link.head_group:
            spokes.setdefault(link.tail, []).append(link.head_group)
    westmost = {hub: min(regions.index(ends.region_of[vpc].key) for vpc in vpcs) for hub, vpcs in spokes.items()}
    for index, link in enumerate(scene.links):
        if link.tail not in spokes or not link.head_group:
            continue
        hub, vpc, home = link.tail, link.head_group, homes[link.tail]
        if home.kind == "region":
            if ends.region_of[vpc] is not home:
                continue
            hub_left = hub not in east
        else:
            hub_left = regions.index(ends.region_of[vpc].key) > westmost[hub]
        near = ends.first[vpc] if hub_left else ends.last[vpc]
        ordering.edges += [(hub, key) if hub_left else (key, hub) for key in near]
        ordering.heads[index] = min(near)


def _walk(group: Group):
    yield group
    for child in group.groups:
        yield from _walk(child)


def _cycle_closers(scene: Scene, ordering: Ordering) -> set[int]:
    """Indexes of the drawn edges that would close a cycle with the ones before them (gates first)."""
    graph = nx.DiGraph(ordering.edges)
    loose = set()
    for index, link in enumerate(scene.links):
        tail, head = link.tail, ordering.head(index, link)
        if tail == head:
            continue
        if tail in graph and head in graph and nx.has_path(graph, head, tail):
            loose.add(index)
        else:
            graph.add_edge(tail, head)
    return loose


def _rank_span(scene: Scene, ordering: Ordering) -> int:
    """Ranks spanned by every edge, with each node at its longest-path rank over the edges that
    constrain ranks: about the number of virtual nodes `dot` would lay out."""
    drawn = [(index, link.tail, ordering.head(index, link)) for index, link in enumerate(scene.links)]
    graph = nx.DiGraph(ordering.edges)
    graph.add_edges_from((tail, head) for index, tail, head in drawn if index not in ordering.loose and tail != head)
    rank: dict[str, int] = {}
    for node in nx.topological_sort(graph):
        rank[node] = max((rank[before] + 1 for before in graph.predecessors(node)), default=0)
    edges = [*ordering.edges, *((tail, head) for _, tail, head in drawn)]
    return sum(abs(rank.get(head, 0) - rank.get(tail, 0)) for tail, head in edges)
