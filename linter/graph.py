"""The blueprint as a networkx graph, and the graph queries every rule shares.

One node per component, one directed edge per (source, target) pair carrying
the flows between them. `Context` computes the generic queries (entry points,
reachability, dominators, replicas) once and caches them, so rules stay small
and the whole run stays linear-ish. Facts of one rule family (SPOF verdicts,
network links, IAM indexes) or of an analysis live with it and are computed
once through `Context.shared`.
"""
from __future__ import annotations

import functools
from collections import deque
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

from .dominance import dominator_chain, immediate_dominators
from .model import Blueprint, Component, Flow
from .lazy import lazy_module
from .wildcards import wildcard_match

if TYPE_CHECKING:
    import networkx as nx
else:
    nx = lazy_module("networkx")  # loaded when a graph is first built: `rules`, `types` and `schema` never pay for it

ADMIN_PORTS = (22, 3389)
ADMIN_PROTOCOLS = frozenset({"ssh", "rdp"})
T = TypeVar("T")


def build_graph(blueprint: Blueprint) -> nx.DiGraph:
    graph = nx.DiGraph(blueprint=blueprint.name, environment=blueprint.environment)
    graph.add_nodes_from((cid, {"component": component}) for cid, component in blueprint.components.items())
    # Grouped first, then added in one call: networkx's per-edge calls cost more than the grouping.
    flows_between: dict[tuple[str, str], list[Flow]] = {}
    for flow in blueprint.flows:
        flows_between.setdefault((flow.source, flow.target), []).append(flow)
    graph.add_edges_from((source, target, {"flows": flows}) for (source, target), flows in flows_between.items())
    return graph


def node_attributes(component: Component) -> dict:
    """The resolved attributes of a component, as plain values for export."""
    return {
        "type": component.type, "scope": component.scope, "tier": component.tier,
        "region": component.region or "", "network": component.network or "",
        "azs": ",".join(sorted(component.azs)), "count": component.effective_count,
        "multi_az": component.multi_az, "public": component.public,
        "stateful": component.stateful, "engine": component.engine or "", "environment": component.environment,
        "label": component.get("label") or component.id,
    }


def flow_attributes(flow: Flow) -> dict:
    ports = flow.ports if isinstance(flow.ports, str) else ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in flow.ports or [])
    return {"id": flow.id, "port": ports, "protocol": flow.protocol or "", "async": flow.is_async,
            "tls": "" if flow.tls is None else flow.tls, "actions": ",".join(flow.actions), "label": flow.label or ""}


def export_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy with only plain attribute values (for GraphML, GEXF, JSON, DOT)."""
    plain = nx.DiGraph(name=graph.graph["blueprint"])
    for node in sorted(graph.nodes):
        plain.add_node(node, **node_attributes(graph.nodes[node]["component"]))
    for source, target in sorted(graph.edges):
        flows = graph.edges[source, target]["flows"]
        attributes = flow_attributes(flows[0])
        attributes["flows"] = len(flows)
        plain.add_edge(source, target, **attributes)
    return plain


def action_matches(pattern: str, action: str) -> bool:
    """IAM-style match: case-insensitive, `*` and `?` wildcards."""
    return wildcard_match(pattern, action, ignore_case=True)


def opens_port(flow: Flow, port: int) -> bool:
    """Whether the flow's stated ports include `port` (`all` is LP007's finding)."""
    return isinstance(flow.ports, list) and any(low <= port <= high for low, high in flow.ports)


def admin_ports(flow: Flow) -> list[int]:
    """The SSH/RDP ports the flow opens."""
    ranges = flow.ports
    if not isinstance(ranges, list):  # not stated, or `all` (LP007's finding)
        return []
    if len(ranges) == 1:  # most flows state one port: settled without a call per port (every flow is asked)
        low, high = ranges[0]
        return [port for port in ADMIN_PORTS if low <= port <= high]
    return [port for port in ADMIN_PORTS if opens_port(flow, port)]


def is_admin_path(flow: Flow, source: Component) -> bool:
    """Operators' access (SSH/RDP, or anything from a bastion): not a serving path."""
    return flow.protocol in ADMIN_PROTOCOLS or source.role == "bastion" or bool(admin_ports(flow))


def is_replication(a: Component, b: Component) -> bool:
    """A flow between a store and its replica, either way: the service replicates it."""
    return a.replica_of == b.id or b.replica_of == a.id


class Context:
    """What a rule sees: the blueprint, its graph and cached shared queries."""

    def __init__(self, blueprint: Blueprint, graph: nx.DiGraph | None = None):
        self.blueprint = blueprint
        self.graph = graph if graph is not None else build_graph(blueprint)
        self.components = blueprint.components
        self._shared: dict[Callable[[Context], Any], Any] = {}

    def shared(self, derive: Callable[[Context], T]) -> T:
        """What `derive` makes of this blueprint, computed once for all the rules that ask.

        Facts of one rule family or analysis live with it and are shared through
        here, keyed by the function that derives them (no names that could clash).
        """
        if derive not in self._shared:
            self._shared[derive] = derive(self)
        return self._shared[derive]

    def release(self) -> None:
        """Let go of the graphs and facts derived for the rules, once they have run.

        Shared facts refer back to this context, and networkx caches views that
        refer back to their graph: cycles, which keep the whole blueprint alive
        until the cyclic collector scans every object of it (a second on 20,000
        components). Emptied here, it is freed by reference counting instead.
        """
        derived = [*vars(self).values(), *self._shared.values()]
        for value in derived:
            if isinstance(value, nx.Graph):
                value.clear()
        self._shared.clear()
        vars(self).clear()

    def flow_ends(self) -> list[tuple[Flow, Component, Component]]:
        """Every flow with its source and target components."""
        return self._flow_ends

    @functools.cached_property
    def _flow_ends(self) -> list[tuple[Flow, Component, Component]]:
        # A list made once: a dozen rules walk every flow.
        components = self.components
        return [(flow, components[flow.source], components[flow.target]) for flow in self.blueprint.flows]

    # -- serving paths ----------------------------------------------------
    @functools.cached_property
    def entry_points(self) -> list[str]:
        """Components of scope `external` that have an outgoing flow."""
        return [cid for cid, c in self.components.items() if c.scope == "external" and self.graph.out_degree(cid)]

    @functools.cached_property
    def reachable(self) -> set[str]:
        """Components reachable from an entry point along flows (entries included)."""
        return self.reachable_from(self.entry_points)

    def reachable_from(self, starts: Iterable[str], removed: frozenset[str] = frozenset(),
                       graph: nx.DiGraph | None = None) -> set[str]:
        """Components reachable from `starts` without passing `removed` (in `graph`, default all flows)."""
        seen = {s for s in starts if s not in removed}
        queue = deque(seen)
        successors = (self.graph if graph is None else graph).succ
        while queue:
            for nxt in successors[queue.popleft()]:
                if nxt not in seen and nxt not in removed:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    @functools.cached_property
    def serving_graph(self) -> nx.DiGraph:
        """The graph without admin paths: what dominators and failure simulations use.

        A pair of components stays connected when any flow between them serves.
        """
        edges = self.graph.edges
        with_admin = {(flow.source, flow.target) for flow, source, _ in self.flow_ends() if is_admin_path(flow, source)}
        admin_only = [pair for pair in sorted(with_admin)
                      if all(is_admin_path(f, self.components[pair[0]]) for f in edges[pair]["flows"])]
        if not admin_only:
            return self.graph  # most designs: no copy of a graph that may have 100,000 edges
        serving = self.graph.copy()
        serving.remove_edges_from(admin_only)
        return serving

    @functools.cached_property
    def serving_reachable(self) -> set[str]:
        """Components the entry points reach along serving flows (admin paths left out)."""
        return self.reachable_from(self.entry_points, graph=self.serving_graph)

    @functools.cached_property
    def immediate_dominator(self) -> dict[str, str]:
        """Serving-reachable component -> its immediate dominator (absent for entry points)."""
        serving = self.serving_graph
        return {node: parent for node, parent in immediate_dominators(serving.succ, serving.pred, self.entry_points).items()
                if parent is not None}

    @functools.cached_property
    def dominator_tree(self) -> dict[str, list[str]]:
        """Children of each node in the dominator tree rooted at a virtual source."""
        children: dict[str, list[str]] = {}
        for node, parent in self.immediate_dominator.items():
            children.setdefault(parent, []).append(node)
        return children

    def dominators(self, cid: str) -> list[str]:
        """Every component on all paths from the entry points to `cid`, nearest first."""
        return list(dominator_chain(cid, self.immediate_dominator))[1:]

    def dominated_by(self, cid: str) -> list[str]:
        """Every reachable component that cannot be reached without `cid` (its blast radius)."""
        tree, result, stack = self.dominator_tree, [], list(self.dominator_tree.get(cid, ()))
        while stack:
            node = stack.pop()
            result.append(node)
            stack.extend(tree.get(node, ()))
        return sorted(result)

    @functools.cached_property
    def replicas(self) -> dict[str, list[str]]:
        """Primary id -> its read replicas."""
        result: dict[str, list[str]] = {}
        for cid, component in self.components.items():
            if component.replica_of:
                result.setdefault(component.replica_of, []).append(cid)
        return result
