"""Immediate dominators over plain adjacency mappings.

SPOF001's blast radius, the availability estimate's shared dependencies and
its first-order shares all ask which components lie on every path from the
entry points. The graphs they ask about are large (a whole blueprint) or are
built just for the question (the contracted serving graph), so the
algorithm works on the adjacency mappings as they are: no graph copy, no
virtual source node added, no per-call dispatch.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol, TypeVar

N = TypeVar("N", bound=Hashable)
_UNSET = -1  # no immediate dominator found yet


class Adjacency(Protocol[N]):
    """Neighbours by node: a networkx ``succ``/``pred`` view, a dict, or a list indexed by int nodes."""

    def __getitem__(self, node: N, /) -> Iterable[N]: ...


def immediate_dominators(succ: Adjacency[N], pred: Adjacency[N], starts: Sequence[N]) -> dict[N, N | None]:
    """Each node reachable from ``starts`` -> its immediate dominator.

    The starts hang from one virtual source: a node whose only common
    dominator is that source (a start, or a node reached from several starts
    along disjoint paths) maps to None. The immediate dominator is unique, so
    the result does not depend on the order of the mappings. The keys come in
    depth-first postorder: every node before its immediate dominator, so one
    pass in that order folds counts from the leaves of the dominator tree up.

    Cooper, Harvey and Kennedy's iteration over reverse postorder ("A simple,
    fast dominance algorithm", 2006), on postorder numbers.
    """
    order = _postorder(succ, starts)
    number = {node: position for position, node in enumerate(order)}
    source = len(order)  # the virtual source: last in postorder
    idom = [_UNSET] * len(order) + [source]
    for node in starts:
        idom[number[node]] = source
    # Reverse postorder, with the numbers of the reached predecessors: read once, used every pass.
    todo = [(position, [number[p] for p in pred[order[position]] if p in number])
            for position in range(len(order) - 1, -1, -1) if idom[position] != source]
    # Without an edge back up the postorder, every predecessor is final before its node
    # is visited, so the first pass is the answer (most designs); otherwise repeat until stable.
    retreating = any(other <= position for position, before in todo for other in before)
    while _one_pass(idom, todo) and retreating:
        pass
    return {node: None if idom[position] == source else order[idom[position]] for position, node in enumerate(order)}


def _one_pass(idom: list[int], todo: list[tuple[int, list[int]]]) -> bool:
    """One pass of the iteration over ``todo``; whether any immediate dominator changed."""
    changed = False
    for position, before in todo:
        new = _common_dominator(idom, before)
        if new != idom[position]:
            idom[position] = new
            changed = True
    return changed


def dominator_chain(node: N | None, parent: Mapping[N, N | None]) -> Iterator[N]:
    """``node``, then every node that dominates it, nearest first (``parent`` maps a node
    to its immediate dominator; a start maps to None or is absent)."""
    while node is not None:
        yield node
        node = parent.get(node)


def nearest_common_dominator(nodes: Sequence[N], parent: Mapping[N, N | None]) -> N | None:
    """The node nearest to ``nodes`` that lies on every path to each of them, counting
    each node as on its own paths (one node: itself); None when there is none."""
    if len(nodes) <= 1:  # no chain to walk: a long one would cost its length per call
        return nodes[0] if nodes else None
    chains = [list(dominator_chain(node, parent)) for node in nodes]
    shared = set(chains[0]).intersection(*chains[1:])
    return next((node for node in chains[0] if node in shared), None)


def _common_dominator(idom: list[int], preds: Iterable[int]) -> int:
    """The nearest common dominator of the predecessors already given one (by postorder number)."""
    found = _UNSET
    for other in preds:
        if idom[other] == _UNSET:
            continue
        if found == _UNSET:
            found = other
            continue
        while found != other:
            while found < other:
                found = idom[found]
            while other < found:
                other = idom[other]
    return found


def _postorder(succ: Adjacency[N], starts: Iterable[N]) -> list[N]:
    """Nodes reachable from ``starts`` in depth-first postorder."""
    order: list[N] = []
    seen: set[N] = set()
    for start in starts:
        if start in seen:
            continue
        seen.add(start)
        stack = [(start, iter(succ[start]))]
        while stack:
            node, pending = stack[-1]
            for near in pending:
                if near not in seen:
                    seen.add(near)
                    stack.append((near, iter(succ[near])))
                    break
            else:
                stack.pop()
                order.append(node)
    return order
