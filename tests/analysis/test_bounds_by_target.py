"""Large entangled parts are bounded target by target: the bounds hold, and they are
tight where most of the unavailability comes from single points of failure."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given

from linter.analysis import availability as availability_module
from linter.analysis.availability import solve_serving
from tests.analysis.test_availability import PROPERTY, brute_force, serving_problems


@pytest.fixture
def targets_apart(monkeypatch):
    """Every part bounded target by target, the bound final however wide."""
    monkeypatch.setattr(availability_module, "TARGETS_APART_FROM", 0)
    monkeypatch.setattr(availability_module, "SEARCH_UP_TO", 0)


@PROPERTY
@given(serving_problems(acyclic=False))
def test_the_bounds_hold(problem):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(availability_module, "TARGETS_APART_FROM", 0)
        patch.setattr(availability_module, "SEARCH_UP_TO", 0)
        solution = solve_serving(*problem)
    assert abs(solution.probability - brute_force(*problem)) <= solution.error + 1e-9


def ring_of_services(services: int, calls: int) -> tuple[nx.DiGraph, dict[str, float], list[str], list[list[str]]]:
    """Users behind one balancer; each service calls its own cache and `calls` shared tables
    (the fan-out bench shape): every table has `calls` callers, every cache one."""
    graph = nx.DiGraph([("users", "lb")])
    availability = {"lb": 0.9999}
    for i in range(services):
        graph.add_edges_from([("lb", f"app{i}"), (f"app{i}", f"cache{i}")])
        graph.add_edges_from((f"app{i}", f"table{(i + k) % services}") for k in range(calls))
        availability.update({f"app{i}": 0.999, f"cache{i}": 0.9995, f"table{i}": 0.99995})
    targets = [[f"cache{i}"] for i in range(services)] + [[f"table{i}"] for i in range(services)]
    return graph, availability, ["users"], targets


def test_a_ring_of_services_gets_a_narrow_bound(targets_apart):
    bounded = solve_serving(*ring_of_services(40, 3))
    # Bounded, not searched; a millionth of the unavailability wide at most.
    assert 0.0 < bounded.error * 2 < 1e-6 * (1.0 - bounded.probability)


def test_the_bound_agrees_with_the_search(targets_apart):
    problem = ring_of_services(12, 3)
    bounded = solve_serving(*problem)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(availability_module, "TARGETS_APART_FROM", 10**9)
        searched = solve_serving(*problem)
    assert abs(bounded.probability - searched.probability) <= bounded.error + searched.error + 1e-12


def test_a_target_that_leads_back_too_far_is_left_to_the_search(targets_apart, monkeypatch):
    monkeypatch.setattr(availability_module, "GROUP_REACH", 3)
    graph, availability, entries, targets = ring_of_services(12, 3)  # a table leads back to 3 apps and the lb
    contracted = availability_module._contract(graph, lambda node: availability.get(node, 1.0), entries, targets)
    assert availability_module._bounds_by_target(contracted, list(range(len(contracted.nodes))), {}) is None
    assert solve_serving(graph, availability, entries, targets).error == 0.0
