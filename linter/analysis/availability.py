"""Estimated availability of a serving graph: the figure behind AV001.

Model
-----
Every node is a component that is up with probability ``availability[node]``
(1.0 when the map does not name it), independently of the others. A *target
group* is a target plus its replicas; it is served when at least one member is
up and reachable from an up entry point along edges through up nodes. The
estimate is the probability that every group is served.

Method
------
1. **Prune.** Only nodes that are reachable from an entry and can reach a
   target member can change the outcome; the others are dropped.
2. **Contract.** Perfect nodes (availability 1) are always up, so they become
   edges: an uncertain node gets an edge to every uncertain node it reaches
   through perfect nodes only, and serves every group whose perfect member it
   reaches that way. What is left is a graph over the uncertain nodes, each a
   bit of an ``int`` mask.
3. **Factor.** Search outward from the entries: condition on an uncertain node
   next to the region already reached through up nodes (the *frontier*),
   ``U = p * U(node up) + (1 - p) * U(node down)``. After each decision the
   residual problem is reduced (served groups removed; nodes dropped that are
   no longer reachable, or that lead to targets only through frontier nodes),
   which leaves it fully described by (undecided nodes, frontier, open
   groups). Probability mass flows forward through the decisions and equal
   residuals merge, so each is expanded once (a BDD-like state graph);
   residuals that share no node are solved separately and combined as
   independent. The pivot is the frontier node nearest to a target, so a
   branch settles (certainly served, or certainly not) as soon as possible;
   series chains, parallel alternatives and independent services then cost
   linear work, not ``2**n``.

Exactness
---------
The search computes the *unavailability* (probability that some group is not
served) so that tiny figures such as 1e-7 keep their relative precision.

* With at most ``EXACT_LIMIT`` uncertain relevant nodes the search runs to the
  end: the result is exact up to float rounding.
* With more, a residual whose total probability is below a cutoff is not
  expanded and its probability is added to a *width*: the true
  unavailability lies in ``[lower, lower + width]``. The search starts with a
  cutoff of 1e-10 and is repeated with a cutoff 1000 times smaller until the
  width is at most ``ERROR_BUDGET``; the midpoint is returned, so the error is
  at most ``ERROR_BUDGET / 2`` (1e-8, i.e. 1e-6 percentage points).
  Structured graphs (independent services, parallel chains) settle in the
  first passes: their residuals merge or split into independent parts.
* A pass may do a bounded amount of work (``WORK_BUDGET`` node visits, plus
  ``WORK_PER_NODE`` per uncertain node so that big designs are not starved),
  so that no design makes a lint run slow: when a finer pass would exceed it,
  the last complete pass's midpoint is returned with its (larger) error
  bound, which callers state; when even the first pass would, coarser
  cutoffs are tried until one fits. The budget counts work, not seconds, so the
  result is the same on every machine.

Parts
-----
Independent parts of a residual are solved as problems of their own, with
their nodes renumbered, so that the cost of each bit operation is that of
the part and not of the whole blueprint. An exact part's answer depends on
its renumbered structure and figures alone, so parts that are equal in
those (cells stamped from one template) are solved once per estimate.

Targets apart
-------------
A part of more than ``TARGETS_APART_FROM`` uncertain nodes (a mesh of
services that each call many shared tables) would make every step of the
search span thousands of nodes. It is first bounded from small problems, one
per piece of target groups, each holding only the nodes that lead to its
servers (at most ``GROUP_REACH``), solved like any part:

* ``A >= prod(A_piece)``: being served only gets likelier as nodes come up,
  so by Harris's inequality the pieces are served together at least as often
  as if they were independent. Groups that share a single point of failure
  share a piece, so that the strongest dependence is solved exactly.
* ``A <= prod(p)`` over the single points of failure (a node on all paths to
  every server of a group, or its only server), and ``A <= A_piece``.

When most of the unavailability comes from single points of failure, as in
most designs, the two meet within ``ERROR_BUDGET``; otherwise the search
refines the bound, up to ``SEARCH_UP_TO`` uncertain nodes, and past that the
bound stands, stated. The cost is linear: each piece is bounded in size, and
equal pieces are solved once.
"""
from __future__ import annotations

import math
import sys
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..dominance import dominator_chain, immediate_dominators, nearest_common_dominator
from ..lazy import lazy_module

if TYPE_CHECKING:
    import networkx as nx
else:
    nx = lazy_module("networkx")  # rule modules import this one: `rules`, `types` and `schema` never pay for it

EXACT_LIMIT = 25
ERROR_BUDGET = 2e-8
WORK_BUDGET = 400_000
WORK_PER_NODE = 50
# A part with more uncertain nodes than this is first bounded target by target
# (see `_bounds_by_target`), when no target group leads back to more than
# GROUP_REACH of them; past SEARCH_UP_TO nodes that bound is final even when
# wider than ERROR_BUDGET, since every step of the search spans the whole part.
TARGETS_APART_FROM = 400
SEARCH_UP_TO = 2000
GROUP_REACH = 200
_FIRST_CUTOFF = 1e-10
_CUTOFF_STEP = 1e-3
_COARSE_CUTOFFS = (1e-5, 1e-2)  # at most 100 residuals of a layer survive the last
# A residual that splits nests one search per part, through this many frames
# (solve part, solve problem, exact, solve, propagate, independent, its list
# comprehension).
_FRAMES_PER_SPLIT = 7
# Shares closer than this are ties, ordered by name: symmetric components get
# shares that differ only by rounding, which must not decide their order.
_SHARE_TIE = 1e-9

# A residual problem as bitmasks (undecided nodes, frontier, open groups), or
# its unavailability when already settled: 0.0 (all served) or 1.0 (cannot be).
_State = tuple[int, int, int]
_Residual = _State | float
# An unavailability known to lie in [lower, lower + width].
_Interval = tuple[float, float]
# Exact answers by (problem signature, start): equal parts of a design (cells
# stamped from one template, the same database behind each service) are
# solved once per estimate.
_Memo = dict[tuple[object, _State], _Interval]


@dataclass(frozen=True)
class Solution:
    """The probability that every group is served, within ``error`` either way."""

    probability: float
    error: float

    @property
    def exact(self) -> bool:
        return self.error == 0.0


def serve_probability(graph: nx.DiGraph, availability: Mapping[Hashable, float],
                      entries: Iterable[Hashable], targets: Sequence[Sequence[Hashable]]) -> float:
    """Probability that every target group is served: :func:`solve_serving`'s figure."""
    return solve_serving(graph, availability, entries, targets).probability


def solve_serving(graph: nx.DiGraph, availability: Mapping[Hashable, float],
                  entries: Iterable[Hashable], targets: Sequence[Sequence[Hashable]]) -> Solution:
    """Probability that every target group is served (see the module docstring).

    ``availability`` maps nodes to their probability of being up (missing
    nodes: 1.0); ``entries`` are the entry points; each element of ``targets``
    is a target plus its replicas. With no target groups the result is 1.0;
    a group with no member reachable from an entry makes it 0.0. Exact (up to
    float rounding) with at most ``EXACT_LIMIT`` uncertain nodes on paths from
    entries to targets, otherwise within ``ERROR_BUDGET / 2`` unless the
    search budget ran out first (the returned error says how close it is).

    Raises ``ValueError`` for an entry or target that is not a node of
    ``graph`` or an availability outside [0, 1].
    """
    up_probability = _availability_lookup(availability)
    return _solve_contracted(_contract(graph, up_probability, _known_nodes(graph, entries, "entry"),
                                       [_known_nodes(graph, group, "target") for group in targets]), {})


def costliest(graph: nx.DiGraph, availability: Mapping[Hashable, float],
              entries: Iterable[Hashable], targets: Sequence[Sequence[Hashable]],
              top: int = 5) -> list[tuple[Hashable, float]]:
    """The components whose unavailability costs the most, as (node, share).

    For each uncertain node on a path from an entry to a target, its share is
    the fraction of the total unavailability ``U`` that disappears when that
    node is made perfect: ``(U - U_with_node_perfect) / U``. Returns the
    ``top`` largest shares, by share descending then ``str(node)`` (shares
    within 1e-9 of each other count as equal); empty when nothing is
    unavailable (``U == 0``). Same arguments and errors as
    :func:`serve_probability`.
    """
    up_probability = _availability_lookup(availability)
    entry_nodes = _known_nodes(graph, entries, "entry")
    groups = [_known_nodes(graph, group, "target") for group in targets]
    contracted = _contract(graph, up_probability, entry_nodes, groups)
    memo: _Memo = {}  # most parts are the same in every re-solve
    total = 1.0 - _solve_contracted(contracted, memo).probability
    if total <= 0.0 or top <= 0:
        return []
    shares = []
    for position, node in enumerate(contracted.nodes):
        improved = _made_perfect(contracted, {position})
        # A monotone system never gets worse when a node improves; clamp the
        # rounding noise so that no share is reported as negative.
        gain = max(0.0, total - (1.0 - _solve_contracted(improved, memo).probability))
        shares.append((node, gain / total))
    shares.sort(key=lambda share: (-round(share[1] / _SHARE_TIE), str(share[0])))
    return shares[:top]


# ---------------------------------------------------------------- the problem


@dataclass(frozen=True)
class _Problem:
    """The pruned, contracted problem: uncertain node ``nodes[i]`` is bit ``1 << i``.

    Bits are ordered nearest-to-a-target first, so the lowest frontier bit is
    the pivot that settles a branch soonest.
    """

    nodes: tuple[Hashable, ...]
    availability: tuple[float, ...]
    succ: tuple[int, ...]      # uncertain nodes one step away (through perfect nodes)
    pred: tuple[int, ...]      # the reverse of succ
    serves: tuple[int, ...]    # per node: the groups it serves when up and reached
    servers: tuple[int, ...]   # per group: the nodes that serve it
    frontier: int              # uncertain nodes the entries reach through perfect nodes
    open_groups: int           # groups not already served through perfect nodes alone

    def start(self) -> _Residual:
        """The problem before any decision, reduced."""
        return self.reduce((1 << len(self.nodes)) - 1, self.frontier, self.open_groups)

    def decide(self, state: _State, node: int, up: bool) -> _Residual:
        """The residual once frontier node ``node`` is known to be up or down."""
        undecided, frontier, open_groups = state
        rest = undecided & ~(1 << node)
        if up:
            return self.reduce(rest, (frontier | self.succ[node]) & rest, open_groups & ~self.serves[node])
        return self.reduce(rest, frontier & rest, open_groups)

    def reduce(self, undecided: int, frontier: int, open_groups: int) -> _Residual:
        """Keep only the undecided nodes whose state can still matter."""
        if not open_groups:
            return 0.0
        wanted = 0
        for group in _bits(open_groups):
            wanted |= self.servers[group]
        useful = self._leading_to(wanted & undecided, undecided, frontier)
        live = self._reached_from(useful & frontier, useful)
        if any(not self.servers[group] & live for group in _bits(open_groups)):
            return 1.0
        return live, frontier & live, open_groups

    def split(self, state: _State) -> list[_State]:
        """The state as independent residuals: parts sharing no node nor group."""
        undecided, frontier, open_groups = state
        if not open_groups & (open_groups - 1):  # one group: nothing to split
            return [state]
        parts = []
        rest = undecided
        while rest:
            part = self._component(rest & -rest, undecided, open_groups)
            rest &= ~part
            groups = 0
            for node in _bits(part):
                groups |= self.serves[node]
            parts.append((part, frontier & part, groups & open_groups))
        return parts

    @property
    def signature(self) -> tuple[tuple[float, ...], tuple[int, ...], tuple[int, ...], int, int]:
        """All the search reads, names left out: problems with equal signatures have equal answers."""
        return self.availability, self.succ, self.serves, self.frontier, self.open_groups

    def restrict(self, state: _State) -> tuple[_Problem, _State]:
        """An independent part as a problem of its own, its nodes and groups renumbered from 0."""
        undecided, frontier, open_groups = state
        nodes = list(_bits(undecided))
        succ: list[list[int]] = [[] for _ in self.nodes]
        serves: list[set[int]] = [set() for _ in self.nodes]
        for node in nodes:
            succ[node] = list(_bits(self.succ[node] & undecided))
            serves[node] = set(_bits(self.serves[node] & open_groups))
        view = _Contracted(list(self.nodes), list(self.availability), succ, serves, set(_bits(frontier)), set(_bits(open_groups)))
        part = _part_problem(view, nodes)
        return part, ((1 << len(nodes)) - 1, part.frontier, part.open_groups)

    def _leading_to(self, goals: int, allowed: int, frontier: int) -> int:
        """Nodes of ``allowed`` with a path to ``goals`` that enters no frontier node.

        A path on through a frontier node is worthless: that node is next to
        the reached region already, whether or not the path's nodes are up.
        """
        found = goals
        todo = goals & ~frontier
        while todo:
            low = todo & -todo
            todo ^= low
            new = self.pred[low.bit_length() - 1] & allowed & ~found
            found |= new
            todo |= new & ~frontier
        return found

    def _reached_from(self, seeds: int, allowed: int) -> int:
        """Nodes of ``allowed`` reachable from ``seeds`` through ``allowed``."""
        found = todo = seeds
        while todo:
            low = todo & -todo
            todo ^= low
            new = self.succ[low.bit_length() - 1] & allowed & ~found
            found |= new
            todo |= new
        return found

    def _component(self, seed: int, undecided: int, open_groups: int) -> int:
        """The undecided nodes linked to ``seed`` by an edge or a shared open group."""
        found = todo = seed
        while todo:
            low = todo & -todo
            todo ^= low
            node = low.bit_length() - 1
            near = self.succ[node] | self.pred[node]
            for group in _bits(self.serves[node] & open_groups):
                near |= self.servers[group]
            new = near & undecided & ~found
            found |= new
            todo |= new
        return found


def _bits(mask: int) -> Iterator[int]:
    """Indices of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


@dataclass
class _Contracted:
    """The relevant uncertain nodes (nearest a target first) with sparse relations:
    what each reaches through perfect nodes, which groups it serves, and what the
    entries reach. Sparse, so that a design of any size costs linear time here."""

    nodes: list[Hashable]
    availability: list[float]
    succ: list[list[int]]
    serves: list[set[int]]
    frontier: set[int]
    open_groups: set[int]


def _solve_contracted(contracted: _Contracted, memo: _Memo) -> Solution:
    """Peel off the components every group depends on, then solve independent parts apart."""
    shared = _shared_dependencies(contracted)
    factor = math.prod(contracted.availability[i] for i in shared)
    if shared:
        contracted = _made_perfect(contracted, set(shared))
    parts = _parts(contracted)
    if parts is None:  # a group no component can serve
        return Solution(0.0, 0.0)
    uncertain = sum(len(nodes) for nodes in parts) or 1
    bounds = [_part_bounds(contracted, nodes, WORK_PER_NODE * len(nodes) + WORK_BUDGET * len(nodes) // uncertain, memo)
              for nodes in parts]
    lower = _any_fails(low for low, _ in bounds)
    upper = _any_fails(min(1.0, high) for _, high in bounds)
    return Solution(factor * (1.0 - (lower + upper) / 2), factor * (upper - lower) / 2)


def _contract(graph: nx.DiGraph, up_probability: Callable[[Hashable], float], entries: list[Hashable],
              groups: list[list[Hashable]]) -> _Contracted:
    """Prune to the relevant nodes and contract perfect ones into edges."""
    members = {member for group in groups for member in group}
    succ_of, pred_of = _adjacency(graph)
    relevant = _closure(succ_of, entries) & _closure(pred_of, members)
    distance = _distance_to(pred_of, members, relevant)
    nodes = sorted((node for node in relevant if up_probability(node) < 1.0), key=str)
    nodes.sort(key=distance.__getitem__)  # stable: by distance, then by name
    index = {node: position for position, node in enumerate(nodes)}
    member_groups: dict[Hashable, set[int]] = {}
    for number, group in enumerate(groups):
        for member in group:
            if member in relevant:
                member_groups.setdefault(member, set()).add(number)
    exits = _perfect_exits(graph, relevant - index.keys(), index, member_groups)
    succ, serves = [], []
    for position, node in enumerate(nodes):
        reached, via_perfect = _step(succ_of[node], index, exits)
        reached.discard(position)
        succ.append(sorted(reached))
        via_perfect.update(member_groups.get(node, ()))
        serves.append(via_perfect)
    frontier, served = _step(entries, index, exits)
    return _Contracted(nodes, [up_probability(node) for node in nodes], succ, serves, frontier,
                       set(range(len(groups))) - served)


def _made_perfect(contracted: _Contracted, perfect: set[int]) -> _Contracted:
    """The contraction once the nodes ``perfect`` are made perfect: contracted into edges too.

    The same as contracting the graph again with those nodes perfect (the
    relevant nodes and their order do not depend on availability), at the
    cost of the edges around them.
    """
    kept = [i for i in range(len(contracted.nodes)) if i not in perfect]
    renumbered = {old: new for new, old in enumerate(kept)}
    succ, serves = [], []
    for old in kept:
        reached, via_perfect = _step_over(contracted, contracted.succ[old], perfect)
        succ.append(sorted(renumbered[i] for i in reached if i != old))
        serves.append(contracted.serves[old] | via_perfect)
    frontier, served = _step_over(contracted, contracted.frontier, perfect)
    return _Contracted([contracted.nodes[i] for i in kept], [contracted.availability[i] for i in kept], succ, serves,
                       {renumbered[i] for i in frontier}, contracted.open_groups - served)


def _step_over(contracted: _Contracted, onto: Iterable[int], perfect: set[int]) -> tuple[set[int], set[int]]:
    """The nodes and the groups reached by stepping onto ``onto``, through the nodes ``perfect``."""
    reached: set[int] = set()
    groups: set[int] = set()
    passed: set[int] = set()
    todo = list(onto)
    while todo:
        node = todo.pop()
        if node not in perfect:
            reached.add(node)
        elif node not in passed:
            passed.add(node)
            groups |= contracted.serves[node]
            todo.extend(contracted.succ[node])
    return reached, groups


def _shared_dependencies(contracted: _Contracted) -> list[int]:
    """Uncertain nodes on every path to every server of every open group (a shared front
    door, a WAF): when one is down nothing is served, so P = p(node) * P(rest | node up).

    These are the common dominators of all servers from the entries: in the dominator
    tree, the nodes whose subtree holds every server (counting a node as its own).
    """
    servers = [i for i, groups in enumerate(contracted.serves) if groups & contracted.open_groups]
    if not contracted.open_groups or not servers:
        return []
    parent = immediate_dominators(contracted.succ, _predecessors(contracted.succ, range(len(contracted.succ))),
                                  sorted(contracted.frontier))
    if any(server not in parent for server in servers):  # some server cannot be reached at all
        return []
    held = dict.fromkeys(parent, 0)
    for server in servers:
        held[server] += 1
    for node, up in parent.items():  # every node before its immediate dominator
        if up is not None:
            held[up] += held[node]
    return sorted(node for node, count in held.items() if count == len(servers))


def _predecessors(succ: Sequence[Sequence[int]], nodes: Iterable[int]) -> dict[int, list[int]]:
    """The reverse of an adjacency given as one list per node, among ``nodes`` (whose
    successors are all among them)."""
    pred: dict[int, list[int]] = {node: [] for node in nodes}
    for node in pred:
        for other in succ[node]:
            pred[other].append(node)
    return pred


def _part_bounds(contracted: _Contracted, nodes: list[int], budget: int, memo: _Memo) -> _Interval:
    """The (lower, upper) unavailability of one independent part: bounded target by
    target when it is large and that is tight enough, else by the search."""
    apart = _bounds_by_target(contracted, nodes, memo) if len(nodes) > TARGETS_APART_FROM else None
    if apart is not None and apart[1] - apart[0] <= ERROR_BUDGET:
        return apart
    if apart is not None and len(nodes) > SEARCH_UP_TO:
        return apart  # a wider bound, stated, rather than a search that would take minutes
    middle, half = _unavailability(_part_problem(contracted, nodes), budget, memo)
    searched = middle - half, middle + half
    return searched if apart is None else (max(apart[0], searched[0]), min(apart[1], searched[1]))


def _parts(contracted: _Contracted) -> list[list[int]] | None:
    """Independent parts (no shared node or open group), as lists of nodes; None when
    some open group has no server at all."""
    count = len(contracted.nodes)
    leader = list(range(count))

    def find(node: int) -> int:
        while leader[node] != node:
            leader[node] = leader[leader[node]]
            node = leader[node]
        return node

    servers_of: dict[int, list[int]] = {}
    for i, groups in enumerate(contracted.serves):
        for group in groups & contracted.open_groups:
            servers_of.setdefault(group, []).append(i)
    if any(group not in servers_of for group in contracted.open_groups):
        return None
    links = [(i, j) for i, near in enumerate(contracted.succ) for j in near]
    links += [(servers[0], other) for servers in servers_of.values() for other in servers[1:]]
    for i, j in links:
        leader[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for i in range(count):
        members.setdefault(find(i), []).append(i)
    return [nodes for nodes in sorted(members.values()) if any(contracted.serves[i] & contracted.open_groups for i in nodes)]


def _part_problem(contracted: _Contracted, nodes: list[int]) -> _Problem:
    """``nodes`` as a problem with its own bit numbering. Edges that leave ``nodes`` are
    dropped: a part has none, and a piece (see `_bounds_by_target`) keeps the nodes
    that lead to its servers, whose other successors cannot serve it."""
    local = {node: position for position, node in enumerate(nodes)}
    groups = sorted(set().union(*(contracted.serves[i] & contracted.open_groups for i in nodes)))
    group_bit = {group: 1 << position for position, group in enumerate(groups)}
    succ = [sum(1 << local[j] for j in contracted.succ[i] if j in local) for i in nodes]
    serves = [sum(group_bit[g] for g in contracted.serves[i] if g in group_bit) for i in nodes]
    return _Problem(
        nodes=tuple(contracted.nodes[i] for i in nodes),
        availability=tuple(contracted.availability[i] for i in nodes),
        succ=tuple(succ), pred=tuple(_reverse(succ)), serves=tuple(serves),
        servers=tuple(_reverse(serves, len(groups))),
        frontier=sum(1 << local[i] for i in nodes if i in contracted.frontier),
        open_groups=(1 << len(groups)) - 1)


def _bounds_by_target(contracted: _Contracted, nodes: list[int], memo: _Memo) -> _Interval | None:
    """(lower, upper) unavailability of a part, from small problems around its target
    groups; None when some group leads back to more than ``GROUP_REACH`` nodes.

    * Upper: "every group of a set is served" can only become likelier when a node
      comes up, so by Harris's inequality the groups are served together at least
      as often as if they were independent: ``A >= prod(A_piece)``. Groups that
      share a single point of failure go into one piece, so that the strongest
      dependence is solved exactly; a piece holds only the nodes that lead to its
      servers, at most ``GROUP_REACH``.
    * Lower: every single point of failure (a node on all paths to every server of
      a group, or its only server) must be up, ``A <= prod(p)``; and the part fails
      at least as often as any of its pieces.
    """
    pred = _predecessors(contracted.succ, nodes)
    servers_of: dict[int, list[int]] = {}
    for node in nodes:
        for group in sorted(contracted.serves[node] & contracted.open_groups):
            servers_of.setdefault(group, []).append(node)
    reach: dict[int, set[int]] = {}
    for group, servers in servers_of.items():
        found = _ancestors_within(servers, pred, GROUP_REACH)
        if found is None:
            return None
        reach[group] = found
    parent = immediate_dominators(contracted.succ, pred, sorted(set(nodes) & contracted.frontier))
    single = {group: _single_points(servers, parent) for group, servers in servers_of.items()}
    lower = _any_fails(1.0 - contracted.availability[node] for node in set().union(*single.values()))
    upper = []
    for groups, union in _pieces(single, reach):
        piece = _Contracted(contracted.nodes, contracted.availability, contracted.succ, contracted.serves,
                            contracted.frontier, set(groups))
        middle, half = _unavailability(_part_problem(piece, sorted(union)), WORK_PER_NODE * len(union), memo)
        lower = max(lower, middle - half)
        upper.append(min(1.0, middle + half))
    return lower, max(lower, _any_fails(upper))


def _ancestors_within(servers: list[int], pred: Mapping[int, list[int]], limit: int) -> set[int] | None:
    """``servers`` and every node with a path to one of them; None past ``limit`` nodes."""
    found, todo = set(servers), list(servers)
    while todo:
        for near in pred[todo.pop()]:
            if near not in found:
                if len(found) == limit:
                    return None
                found.add(near)
                todo.append(near)
    return found


def _single_points(servers: list[int], parent: Mapping[int, int | None]) -> set[int]:
    """The nodes on every path from the entries to every server of a group (a lone server
    counts itself): the dominator chain above the servers' nearest common dominator."""
    reachable = [server for server in servers if server in parent]  # the others serve nothing
    return set(dominator_chain(nearest_common_dominator(reachable, parent), parent))


def _pieces(single: Mapping[int, set[int]], reach: Mapping[int, set[int]]) -> Iterator[tuple[list[int], set[int]]]:
    """Groups to solve together, with the nodes that lead to their servers: those linked by
    a shared single point of failure, in pieces of at most ``GROUP_REACH`` nodes."""
    linked = nx.Graph()
    linked.add_nodes_from(single)
    first_with: dict[int, int] = {}
    for group in sorted(single):
        for node in single[group]:
            linked.add_edge(group, first_with.setdefault(node, group))
    for cluster in sorted(sorted(c) for c in nx.connected_components(linked)):
        groups: list[int] = []
        union: set[int] = set()
        for group in cluster:
            if groups and len(union | reach[group]) > GROUP_REACH:
                yield groups, union
                groups, union = [], set()
            groups.append(group)
            union |= reach[group]
        yield groups, union


def _availability_lookup(availability: Mapping[Hashable, float]) -> Callable[[Hashable], float]:
    """``availability.get(node, 1.0)``, once every value is checked to be in [0, 1]."""
    for node, value in availability.items():
        if not 0.0 <= value <= 1.0:  # also refuses NaN
            raise ValueError(f"availability of {node!r} must be in [0, 1], got {value!r}")
    return lambda node: float(availability.get(node, 1.0))


def _known_nodes(graph: nx.DiGraph, nodes: Iterable[Hashable], role: str) -> list[Hashable]:
    """``nodes`` as a list, refusing any that is not in ``graph``."""
    listed = list(nodes)
    for node in listed:
        if node not in graph:
            raise ValueError(f"{role} {node!r} is not a node of the graph")
    return listed


def _adjacency(graph: nx.DiGraph) -> tuple[dict[Hashable, dict[Hashable, dict]], dict[Hashable, dict[Hashable, dict]]]:
    """The successors and the predecessors of every node, as networkx keeps them: read
    directly, without building a view object per node visited."""
    return dict(graph.adjacency()), dict(graph.reverse(copy=False).adjacency())


def _closure(adjacency: Mapping[Hashable, Iterable[Hashable]], seeds: Iterable[Hashable]) -> set[Hashable]:
    """``seeds`` and every node reachable from them in ``adjacency``."""
    found = set(seeds)
    todo = list(found)
    while todo:
        for near in adjacency[todo.pop()]:
            if near not in found:
                found.add(near)
                todo.append(near)
    return found


def _distance_to(pred: Mapping[Hashable, Iterable[Hashable]], goals: Iterable[Hashable],
                 allowed: set[Hashable]) -> dict[Hashable, int]:
    """Edges from each node of ``allowed`` to the nearest goal, walking inside ``allowed``."""
    distance = {goal: 0 for goal in goals if goal in allowed}
    layer = list(distance)
    while layer:
        following = []
        for node in layer:
            for previous in pred[node]:
                if previous in allowed and previous not in distance:
                    distance[previous] = distance[node] + 1
                    following.append(previous)
        layer = following
    return distance


def _perfect_exits(graph: nx.DiGraph, perfect: set[Hashable], index: Mapping[Hashable, int],
                   member_groups: Mapping[Hashable, set[int]]) -> dict[Hashable, tuple[frozenset[int], frozenset[int]]]:
    """For each perfect node: the uncertain nodes and the groups it reaches through perfect nodes.

    Computed once per strongly connected component of the perfect nodes, in
    reverse topological order, so that large perfect meshes cost linear time;
    a component that adds nothing to its one successor shares its sets.
    """
    condensed = nx.condensation(graph.subgraph(perfect))
    by_component: dict[int, tuple[frozenset[int], frozenset[int]]] = {}
    for component in reversed(list(nx.topological_sort(condensed))):
        own_reached: set[int] = set()
        own_groups: set[int] = set()
        for node in condensed.nodes[component]["members"]:
            own_groups |= member_groups.get(node, set())
            own_reached.update(index[near] for near in graph.succ[node] if near in index)
        later = [by_component[c] for c in condensed.succ[component]]
        if len(later) == 1 and own_reached <= later[0][0] and own_groups <= later[0][1]:
            by_component[component] = later[0]
        else:
            by_component[component] = (frozenset(own_reached.union(*(r for r, _ in later))),
                                       frozenset(own_groups.union(*(g for _, g in later))))
    mapping = condensed.graph["mapping"]
    return {node: by_component[mapping[node]] for node in perfect}


def _step(onto: Iterable[Hashable], index: Mapping[Hashable, int],
          exits: Mapping[Hashable, tuple[frozenset[int], frozenset[int]]]) -> tuple[set[int], set[int]]:
    """The uncertain nodes and the groups reached by stepping onto ``onto``.

    Stepping onto an uncertain node reaches that node; stepping onto a
    perfect node reaches what it reaches through perfect nodes.
    """
    reached: set[int] = set()
    groups: set[int] = set()
    for node in onto:
        if node in index:
            reached.add(index[node])
        elif node in exits:
            node_reached, node_groups = exits[node]
            reached |= node_reached
            groups |= node_groups
    return reached, groups


def _reverse(masks: Sequence[int], size: int | None = None) -> list[int]:
    """Transpose a relation given as one bitmask per row."""
    reversed_masks = [0] * (len(masks) if size is None else size)
    for row, mask in enumerate(masks):
        for column in _bits(mask):
            reversed_masks[column] |= 1 << row
    return reversed_masks


# ------------------------------------------------------------------ the search


def _unavailability(problem: _Problem, budget: int, memo: _Memo) -> tuple[float, float]:
    """Probability that some group is not served, and the most the true figure
    may differ from it (a search beyond the exact limit may do `budget` node
    visits per pass)."""
    start = problem.start()
    if isinstance(start, float):
        return start, 0.0
    uncertain = sum(1 for node in _bits(start[0]) if problem.availability[node] < 1.0)
    with _recursion_headroom(_FRAMES_PER_SPLIT * uncertain):
        if uncertain <= EXACT_LIMIT:
            return _exact(problem, start, memo)[0], 0.0
        # The search is deterministic: an equal problem with an equal budget (pieces of
        # cells stamped from one template) gets the same answer, kept as (middle, half).
        key = ("bounded", problem.signature, budget), start
        known = memo.get(key)
        if known is None:
            factoring = _Factoring(problem, budget=budget, memo=memo)
            known = memo[key] = _refine(factoring, start) or _coarsen(factoring, start)
        return known


def _exact(problem: _Problem, start: _State, memo: _Memo) -> _Interval:
    """The exact unavailability of ``start``, from ``memo`` when an equal problem was solved."""
    key = problem.signature, start
    known = memo.get(key)
    if known is None:
        known = memo[key] = _Factoring(problem, budget=None, memo=memo).solve(start, cutoff=0.0)
    return known


def _refine(factoring: _Factoring, start: _State) -> tuple[float, float] | None:
    """Finer and finer passes until the error budget is met or the work budget runs out;
    None when not even the first pass fits in the work budget."""
    cutoff, best = _FIRST_CUTOFF, None
    while True:
        try:
            lower, width = factoring.solve(start, cutoff)
        except _OverBudget:
            return best
        best = lower + width / 2, width / 2
        if width <= ERROR_BUDGET:
            return best
        cutoff *= _CUTOFF_STEP
        factoring.expanded = 0


def _coarsen(factoring: _Factoring, start: _State) -> tuple[float, float]:
    """Coarser passes until one fits in the work budget: a wider, stated bound."""
    for cutoff in _COARSE_CUTOFFS:
        factoring.expanded = 0
        try:
            lower, width = factoring.solve(start, cutoff)
        except _OverBudget:
            continue
        return lower + width / 2, width / 2
    return 0.5, 0.5  # nothing known: anywhere in [0, 1]


@contextmanager
def _recursion_headroom(frames: int) -> Iterator[None]:
    """Allow ``frames`` more levels of recursion for the duration of the block.

    Residuals that split again and again (a long comb of services) nest one
    search per split; Python-to-Python calls do not use the C stack on
    CPython 3.11+, so raising the limit is safe.
    """
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(previous + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


class _Factoring:
    """Unavailability of residual problems by pivot decomposition.

    Probability mass flows forward from a start state through the decisions;
    equal residuals merge, so each is expanded once with its total mass.
    A residual whose total mass is below the cutoff is not expanded and
    widens the result by that mass.
    """

    def __init__(self, problem: _Problem, budget: int | None, memo: _Memo) -> None:
        self.problem = problem
        self.availability = problem.availability
        self.budget = budget  # node visits one pass may make (None: exact, no limit)
        self.memo = memo
        self.expanded = 0
        # Solved residuals (the start, parts of split ones) with the cutoff used.
        self.solved: dict[_State, tuple[float, _Interval]] = {}

    def solve(self, start: _State, cutoff: float) -> _Interval:
        """Unavailability of ``start``, dropping residuals no likelier than ``cutoff``."""
        known = self.solved.get(start)
        if known is not None and known[0] <= cutoff:
            return known[1]
        result = self._propagate(start, cutoff)
        self.solved[start] = cutoff, result
        return result

    def _propagate(self, start: _State, cutoff: float) -> _Interval:
        """Push probability mass from ``start`` through every decision."""
        failure = width = 0.0
        # A decision removes its pivot, so processing residuals by decreasing
        # number of undecided nodes sees all of a residual's mass at once.
        layers: dict[int, dict[_State, float]] = {start[0].bit_count(): {start: 1.0}}
        for size in range(start[0].bit_count(), 0, -1):
            for state, mass in layers.pop(size, {}).items():
                if mass <= cutoff:  # also skips a mass that underflowed to 0.0
                    width += mass
                    continue
                parts = self.problem.split(state)
                if len(parts) > 1:
                    part_failure, part_width = self._independent(parts, cutoff / mass)
                    failure += mass * part_failure
                    width += mass * part_width
                    continue
                self._count_work(state[0].bit_count())
                for probability, residual in self._branches(state):
                    if isinstance(residual, float):
                        failure += mass * probability * residual
                    else:
                        layer = layers.setdefault(residual[0].bit_count(), {})
                        layer[residual] = layer.get(residual, 0.0) + mass * probability
        return failure, width

    def _count_work(self, nodes: int) -> None:
        """Expanding a residual visits up to each of its nodes a few times."""
        self.expanded += nodes
        if self.budget is not None and self.expanded > self.budget:
            raise _OverBudget

    def _branches(self, state: _State) -> Iterator[tuple[float, _Residual]]:
        """The residuals after deciding the frontier node nearest a target."""
        pivot = (state[1] & -state[1]).bit_length() - 1  # lowest frontier bit
        up = self.availability[pivot]
        for probability, is_up in ((up, True), (1.0 - up, False)):
            if probability > 0.0:  # a perfect or dead pivot has a single branch
                yield probability, self.problem.decide(state, pivot, is_up)

    def _independent(self, parts: list[_State], cutoff: float) -> _Interval:
        """Unavailability of independent parts: ``1 - prod(1 - u_i)``, as an interval."""
        bounds = [self._solve_part(part, cutoff) for part in parts]
        lower = _any_fails(low for low, _ in bounds)
        upper = _any_fails(min(1.0, low + wide) for low, wide in bounds)
        return lower, upper - lower


    def _solve_part(self, part: _State, cutoff: float) -> _Interval:
        """A part renumbered as its own problem; it shares this search's budget and cache."""
        known = self.solved.get(part)
        if known is not None and known[0] <= cutoff:
            return known[1]
        problem, start = self.problem.restrict(part)
        self.solved[part] = cutoff, self._solve_problem(problem, start, cutoff)
        return self.solved[part][1]

    def _solve_problem(self, problem: _Problem, start: _State, cutoff: float) -> _Interval:
        """A part's unavailability: exact ones from the memo, bounded ones in this search's budget."""
        if self.budget is None:  # exact: the cutoff is 0 and the answer depends on the problem alone
            return _exact(problem, start, self.memo)
        inner = _Factoring(problem, self.budget, self.memo)
        inner.expanded = self.expanded
        try:
            return inner.solve(start, cutoff)
        finally:
            self.expanded = inner.expanded


class _OverBudget(Exception):
    """A pass of the search needed more work than its budget."""


def _any_fails(unavailabilities: Iterable[float]) -> float:
    """``1 - prod(1 - u)``, through logarithms so that tiny ``u`` keep their precision."""
    log_all_up = math.fsum(math.log1p(-u) if u < 1.0 else -math.inf for u in unavailabilities)
    return -math.expm1(log_all_up)
