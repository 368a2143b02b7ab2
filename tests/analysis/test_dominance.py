"""immediate_dominators against networkx's, on random graphs with several starts."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from linter.dominance import dominator_chain, immediate_dominators, nearest_common_dominator

SOURCE = "virtual source"


def random_graph(seed: int) -> tuple[nx.DiGraph, list[int]]:
    rng = random.Random(seed)
    size = rng.randint(1, 40)
    graph = nx.gnp_random_graph(size, rng.choice([0.03, 0.08, 0.2]), seed=seed, directed=True)
    graph.add_edges_from((node, node) for node in graph if rng.random() < 0.05)  # self-loops
    starts = rng.sample(sorted(graph), rng.randint(0, min(3, size)))
    return graph, starts


def networkx_answer(graph: nx.DiGraph, starts: list[int]) -> dict[int, int | None]:
    rooted = graph.copy()
    rooted.add_node(SOURCE)
    rooted.add_edges_from((SOURCE, start) for start in starts)
    found = nx.immediate_dominators(rooted, SOURCE)
    return {node: None if up == SOURCE else up for node, up in found.items() if node != SOURCE}


@pytest.mark.parametrize("seed", range(300))
def test_same_dominators_as_networkx(seed: int) -> None:
    graph, starts = random_graph(seed)
    assert immediate_dominators(graph.succ, graph.pred, starts) == networkx_answer(graph, starts)


@pytest.mark.parametrize("seed", range(100))
def test_every_node_comes_before_its_immediate_dominator(seed: int) -> None:
    graph, starts = random_graph(seed)
    found = immediate_dominators(graph.succ, graph.pred, starts)
    position = {node: index for index, node in enumerate(found)}
    assert all(position[node] < position[up] for node, up in found.items() if up is not None)


def test_lists_indexed_by_node_work_as_adjacency() -> None:
    succ = [[1, 2], [3], [3], []]
    pred = [[], [0], [0], [1, 2]]
    assert immediate_dominators(succ, pred, [0]) == {0: None, 1: 0, 2: 0, 3: 0}


def test_a_node_reached_from_two_starts_apart_has_no_dominator_but_the_source() -> None:
    graph = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "d")])
    assert immediate_dominators(graph.succ, graph.pred, ["a", "b"]) == {"a": None, "b": None, "c": None, "d": "c"}


def test_chains_and_nearest_common_dominators():
    # entry -> a -> {b, c} -> d; a dominates everything below it, d is reached two ways.
    parent = {"entry": None, "a": "entry", "b": "a", "c": "a", "d": "a"}
    assert list(dominator_chain("d", parent)) == ["d", "a", "entry"]
    assert nearest_common_dominator(["b"], parent) == "b"
    assert nearest_common_dominator(["b", "c"], parent) == "a"
    assert nearest_common_dominator(["b", "a"], parent) == "a"
    assert nearest_common_dominator([], parent) is None
    assert nearest_common_dominator(["b", "x"], {**parent, "x": None}) is None
