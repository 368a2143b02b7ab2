"""Making nodes perfect in a contraction gives what contracting again would, to the bit."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from linter.analysis import availability as availability_module
from linter.analysis.availability import costliest, solve_serving

VALUES = (0.5, 0.9, 0.99, 0.999, 1.0)


def random_problem(seed: int) -> tuple[nx.DiGraph, dict[int, float], list[int], list[list[int]]]:
    rng = random.Random(seed)
    size = rng.randint(3, 24)
    graph = nx.gnp_random_graph(size, rng.choice([0.1, 0.2, 0.3]), seed=seed, directed=True)
    availability = {node: rng.choice(VALUES) for node in graph}
    entries = rng.sample(range(size), rng.randint(1, 2))
    groups = [rng.sample(range(size), rng.randint(1, 2)) for _ in range(rng.randint(1, 4))]
    return graph, availability, entries, groups


def contraction(graph: nx.DiGraph, availability: dict, entries: list, groups: list) -> availability_module._Contracted:
    return availability_module._contract(graph, lambda node: availability[node], entries, groups)


@pytest.mark.parametrize("seed", range(200))
def test_made_perfect_is_contracting_again(seed: int) -> None:
    graph, availability, entries, groups = random_problem(seed)
    contracted = contraction(graph, availability, entries, groups)
    chosen = set(random.Random(seed).sample(range(len(contracted.nodes)), len(contracted.nodes) // 2))
    improved = {**availability, **{contracted.nodes[i]: 1.0 for i in chosen}}
    assert availability_module._made_perfect(contracted, chosen) == contraction(graph, improved, entries, groups)


@pytest.mark.parametrize("seed", range(60))
def test_shares_are_those_of_solving_again_with_the_node_perfect(seed: int) -> None:
    graph, availability, entries, groups = random_problem(seed)
    total = 1.0 - solve_serving(graph, availability, entries, groups).probability
    expected = []
    if total > 0.0:
        for node in contraction(graph, availability, entries, groups).nodes:
            improved = 1.0 - solve_serving(graph, {**availability, node: 1.0}, entries, groups).probability
            expected.append((node, max(0.0, total - improved) / total))
    expected.sort(key=lambda share: (-round(share[1] / 1e-9), str(share[0])))
    assert costliest(graph, availability, entries, groups, top=len(graph)) == expected[:len(graph)]
