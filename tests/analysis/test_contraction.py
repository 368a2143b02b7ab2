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


def test_parts_of_one_shape_with_different_figures_are_solved_apart() -> None:
    # Services of one shape (two app replicas, a database): the same figures
    # share one search, different ones must not.
    graph = nx.DiGraph()
    figures: dict[str, float] = {}
    alone = []
    for number, app in enumerate((0.9, 0.8, 0.9, 0.7)):
        service = nx.DiGraph([("users", f"a{number}"), ("users", f"b{number}"),
                              (f"a{number}", f"db{number}"), (f"b{number}", f"db{number}")])
        service_figures = {f"a{number}": app, f"b{number}": app, f"db{number}": 0.99}
        graph.add_edges_from(service.edges)
        figures.update(service_figures)
        alone.append(solve_serving(service, service_figures, ["users"], [[f"db{number}"]]).probability)
    together = solve_serving(graph, figures, ["users"], [[f"db{number}"] for number in range(4)]).probability
    assert together == pytest.approx(alone[0] * alone[1] * alone[2] * alone[3], rel=1e-12)
