"""serve_probability and costliest: hand-computed cases, brute force, bounded mode."""
from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.analysis import availability as availability_module
from linter.analysis.availability import ERROR_BUDGET, EXACT_LIMIT, costliest, serve_probability, solve_serving


def chain(*nodes: str) -> list[tuple[str, str]]:
    return list(itertools.pairwise(nodes))


# ------------------------------------------------------------ hand-computed


def test_series_is_the_product():
    graph = nx.DiGraph(chain("a", "b", "c"))
    result = serve_probability(graph, {"a": 0.9, "b": 0.8, "c": 0.7}, ["a"], [["c"]])
    assert result == pytest.approx(0.504, abs=1e-12)


def test_two_parallel_paths():
    graph = nx.DiGraph(chain("s", "a", "t") + chain("s", "b", "t"))
    result = serve_probability(graph, {"a": 0.9, "b": 0.8}, ["s"], [["t"]])
    assert result == pytest.approx(1 - 0.1 * 0.2, abs=1e-12)


def two_regions(front: list[str]) -> nx.DiGraph:
    """users -> front... -> alb-i -> app-i -> db-i for regions 1 and 2."""
    graph = nx.DiGraph(chain("users", *front))
    last = front[-1] if front else "users"
    for region in ("1", "2"):
        graph.add_edges_from(chain(last, f"alb{region}", f"app{region}", f"db{region}"))
    return graph


REGION = {f"{kind}{region}": value for region in "12"
          for kind, value in (("alb", 0.99), ("app", 0.95), ("db", 0.9))}
ONE_REGION = 0.99 * 0.95 * 0.9  # 0.84645


def test_two_region_failover_with_replicas():
    result = serve_probability(two_regions([]), REGION, ["users"], [["db1", "db2"]])
    assert result == pytest.approx(1 - (1 - ONE_REGION) ** 2, abs=1e-12)  # 0.9764224...


def test_shared_dns_in_front_of_both_regions():
    availability = {**REGION, "dns": 0.999}
    result = serve_probability(two_regions(["dns"]), availability, ["users"], [["db1", "db2"]])
    assert result == pytest.approx(0.999 * (1 - (1 - ONE_REGION) ** 2), abs=1e-12)


def test_without_the_replica_only_the_primary_region_counts():
    result = serve_probability(two_regions([]), REGION, ["users"], [["db1"]])
    assert result == pytest.approx(ONE_REGION, abs=1e-12)


def test_every_target_must_be_served():
    # lb -> app -> {db, cache}: both stores must be reachable through lb and app.
    graph = nx.DiGraph(chain("lb", "app", "db") + [("app", "cache")])
    availability = {"lb": 0.99, "app": 0.9, "db": 0.8, "cache": 0.7}
    result = serve_probability(graph, availability, ["lb"], [["db"], ["cache"]])
    assert result == pytest.approx(0.99 * 0.9 * 0.8 * 0.7, abs=1e-12)


def test_targets_sharing_a_parallel_section():
    # s -> {a | b} -> j -> {x, y}; groups [x] and [y] share the a|b section.
    graph = nx.DiGraph(chain("s", "a", "j") + chain("s", "b", "j") + [("j", "x"), ("j", "y")])
    availability = {"a": 0.9, "b": 0.8, "x": 0.7, "y": 0.6}
    result = serve_probability(graph, availability, ["s"], [["x"], ["y"]])
    assert result == pytest.approx((1 - 0.1 * 0.2) * 0.7 * 0.6, abs=1e-12)


def test_bridge_network():
    # s -> a -> c -> t, s -> b -> d -> t, plus the bridge a -> d.
    # Served iff (a and (c or d)) or (not a and b and d).
    graph = nx.DiGraph(chain("s", "a", "c", "t") + chain("s", "b", "d", "t") + [("a", "d")])
    p = {"a": 0.9, "b": 0.8, "c": 0.7, "d": 0.6}
    expected = p["a"] * (1 - 0.3 * 0.4) + (1 - p["a"]) * p["b"] * p["d"]
    assert serve_probability(graph, p, ["s"], [["t"]]) == pytest.approx(expected, abs=1e-12)


def test_cycle_is_handled():
    # e -> a <-> b -> t: the cycle adds no alternative path.
    graph = nx.DiGraph([("e", "a"), ("a", "b"), ("b", "a"), ("b", "t")])
    result = serve_probability(graph, {"a": 0.9, "b": 0.8}, ["e"], [["t"]])
    assert result == pytest.approx(0.72, abs=1e-12)


def test_perfect_nodes_may_be_omitted_from_the_map():
    graph = nx.DiGraph(chain("a", "b", "c"))
    omitted = serve_probability(graph, {"a": 0.9, "c": 0.7}, ["a"], [["c"]])
    explicit = serve_probability(graph, {"a": 0.9, "b": 1.0, "c": 0.7}, ["a"], [["c"]])
    assert omitted == explicit == pytest.approx(0.63, abs=1e-12)


def test_entry_that_is_itself_a_target():
    graph = nx.DiGraph(chain("a", "b"))
    assert serve_probability(graph, {"a": 0.9}, ["a"], [["a"]]) == pytest.approx(0.9)
    assert serve_probability(graph, {"a": 0.9, "b": 0.8}, ["a"], [["a"], ["b"]]) == pytest.approx(0.72)
    assert serve_probability(graph, {}, ["a"], [["a"]]) == 1.0


def test_an_up_alternative_entry_is_enough():
    graph = nx.DiGraph([("e1", "t"), ("e2", "t")])
    result = serve_probability(graph, {"e1": 0.9, "e2": 0.5}, ["e1", "e2"], [["t"]])
    assert result == pytest.approx(1 - 0.1 * 0.5, abs=1e-12)


def test_degenerate_inputs():
    graph = nx.DiGraph(chain("e", "a", "t"))
    graph.add_node("island")
    assert serve_probability(graph, {"a": 0.5}, ["e"], []) == 1.0
    assert serve_probability(graph, {"a": 0.5}, [], [["t"]]) == 0.0
    assert serve_probability(graph, {"a": 0.5}, ["e"], [["t"], ["island"]]) == 0.0
    assert serve_probability(graph, {"a": 0.5}, ["e"], [["t", "island"]]) == pytest.approx(0.5)
    assert serve_probability(graph, {"a": 0.0}, ["e"], [["t"]]) == 0.0


def test_bad_input_is_refused():
    graph = nx.DiGraph(chain("e", "t"))
    with pytest.raises(ValueError, match="ghost"):
        serve_probability(graph, {}, ["ghost"], [["t"]])
    with pytest.raises(ValueError, match="ghost"):
        serve_probability(graph, {}, ["e"], [["t", "ghost"]])
    with pytest.raises(ValueError, match="availability"):
        serve_probability(graph, {"t": 1.5}, ["e"], [["t"]])
    with pytest.raises(ValueError, match="availability"):
        serve_probability(graph, {"t": math.nan}, ["e"], [["t"]])


# ------------------------------------------------------------- brute force


def brute_force(graph: nx.DiGraph, availability: dict, entries: list, targets: list) -> float:
    """P(all groups served) by enumerating every up/down state of the uncertain nodes."""
    uncertain = [node for node in graph if availability.get(node, 1.0) < 1.0]
    perfect = {node for node in graph if availability.get(node, 1.0) >= 1.0}
    total = 0.0
    for states in itertools.product((True, False), repeat=len(uncertain)):
        weight = math.prod(availability[node] if is_up else 1 - availability[node]
                           for node, is_up in zip(uncertain, states))
        if weight == 0.0:
            continue
        up = perfect | {node for node, is_up in zip(uncertain, states) if is_up}
        reached = {entry for entry in entries if entry in up}
        todo = list(reached)
        while todo:
            for near in graph.succ[todo.pop()]:
                if near in up and near not in reached:
                    reached.add(near)
                    todo.append(near)
        if all(any(member in reached for member in group) for group in targets):
            total += weight
    return total


@st.composite
def serving_problems(draw, acyclic: bool):
    size = draw(st.integers(2, 16))
    nodes = [f"n{i}" for i in range(size)]
    # Edges come from a seeded generator: drawing each of up to 240 pairs
    # through hypothesis would make it favour near-empty graphs.
    rng = random.Random(draw(st.integers(0, 2**32)))
    density = draw(st.sampled_from([0.15, 0.25, 0.4]))
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((a, b) for i, a in enumerate(nodes) for j, b in enumerate(nodes)
                         if i != j and (i < j or not acyclic) and rng.random() < density)
    uncertain = draw(st.permutations(nodes))[:draw(st.integers(0, min(14, size)))]
    value = st.sampled_from([0.0, 0.5, 0.9, 0.999]) | st.floats(0.01, 0.999)
    availability = {node: draw(value) for node in uncertain}
    availability.update(dict.fromkeys(draw(st.lists(st.sampled_from(nodes), max_size=2)), 1.0))
    # Entries early and targets late in the node order, so that most DAGs
    # have paths from one to the other.
    early, late = nodes[:max(1, size // 3)], nodes[size // 2:]
    entries = draw(st.lists(st.sampled_from(early), unique=True, min_size=1, max_size=3))
    group = st.lists(st.sampled_from(late), unique=True, min_size=1, max_size=3)
    targets = draw(st.lists(group, min_size=1, max_size=3))
    return graph, availability, entries, targets


PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(serving_problems(acyclic=True))
def test_matches_brute_force_on_dags(problem):
    assert serve_probability(*problem) == pytest.approx(brute_force(*problem), abs=1e-9)


@PROPERTY
@given(serving_problems(acyclic=False))
def test_matches_brute_force_with_cycles(problem):
    assert serve_probability(*problem) == pytest.approx(brute_force(*problem), abs=1e-9)


# ---------------------------------------------------- beyond the exact limit


def test_bounded_mode_on_a_long_series_of_parallel_pairs():
    # 30 stages, each a pair of 0.9 nodes in parallel: 60 uncertain nodes.
    stages = 30
    graph = nx.DiGraph()
    for stage in range(stages):
        for side in "ab":
            graph.add_edges_from(chain(f"j{stage}", f"{side}{stage}", f"j{stage + 1}"))
    availability = {f"{side}{stage}": 0.9 for stage in range(stages) for side in "ab"}
    assert len(availability) > EXACT_LIMIT
    result = serve_probability(graph, availability, ["j0"], [[f"j{stages}"]])
    assert result == pytest.approx((1 - 0.1 ** 2) ** stages, abs=1e-6)


def test_bounded_mode_on_many_parallel_chains():
    # 300 chains of three 0.3 nodes between perfect nodes: 900 uncertain nodes.
    graph = nx.DiGraph()
    for number in range(300):
        graph.add_edges_from(chain("entry", *(f"c{number}-{i}" for i in range(3)), "target"))
    availability = {node: 0.3 for node in graph if node.startswith("c")}
    result = serve_probability(graph, availability, ["entry"], [["target"]])
    assert result == pytest.approx(1 - (1 - 0.3 ** 3) ** 300, abs=1e-6)


def test_bounded_mode_on_many_independent_services():
    # A shared front (2 nodes), then 200 services each with two app replicas
    # in parallel in front of its own database: 602 uncertain nodes, 200 groups.
    graph = nx.DiGraph(chain("users", "dns", "alb"))
    availability = {"dns": 0.9999, "alb": 0.999}
    for number in range(200):
        for replica in "ab":
            graph.add_edges_from(chain("alb", f"app{number}{replica}", f"db{number}"))
            availability[f"app{number}{replica}"] = 0.99
        availability[f"db{number}"] = 0.9999
    targets = [[f"db{number}"] for number in range(200)]
    expected = 0.9999 * 0.999 * ((1 - 0.01 ** 2) * 0.9999) ** 200
    assert serve_probability(graph, availability, ["users"], targets) == pytest.approx(expected, abs=1e-6)


# ---------------------------------------------------------------- costliest


def test_costliest_orders_by_share():
    graph = nx.DiGraph(chain("a", "b", "c"))
    availability = {"a": 0.9, "b": 0.99, "c": 0.999}
    total = 1 - 0.9 * 0.99 * 0.999
    result = costliest(graph, availability, ["a"], [["c"]])
    assert [node for node, _ in result] == ["a", "b", "c"]
    expected = {"a": 0.99 * 0.999, "b": 0.9 * 0.999, "c": 0.9 * 0.99}
    for node, share in result:
        assert share == pytest.approx((total - (1 - expected[node])) / total, abs=1e-12)


def test_costliest_across_two_regions_behind_a_shared_dns():
    availability = {**REGION, "dns": 0.999}
    result = dict(costliest(two_regions(["dns"]), availability, ["users"], [["db1", "db2"]], top=10))
    # The weak replicated parts cost more than the strong shared dns, and
    # symmetric components tie and are ordered by name.
    assert list(result) == ["db1", "db2", "app1", "app2", "alb1", "alb2", "dns"]
    total = 1 - 0.999 * (1 - (1 - ONE_REGION) ** 2)
    without_db1 = 1 - 0.999 * (1 - (1 - ONE_REGION) * (1 - 0.99 * 0.95))
    assert result["db1"] == pytest.approx((total - without_db1) / total, abs=1e-12)
    assert result["dns"] == pytest.approx((total - (1 - ONE_REGION) ** 2) / total, abs=1e-12)


def test_costliest_breaks_ties_by_name_and_truncates():
    graph = nx.DiGraph([("e", "z"), ("z", "m"), ("m", "a"), ("a", "t")])
    availability = dict.fromkeys(["z", "m", "a"], 0.9)
    result = costliest(graph, availability, ["e"], [["t"]], top=2)
    assert [node for node, _ in result] == ["a", "m"]


def test_costliest_is_empty_when_nothing_is_unavailable():
    graph = nx.DiGraph(chain("e", "a", "t"))
    assert costliest(graph, {}, ["e"], [["t"]]) == []
    assert costliest(graph, {"a": 0.9}, ["e"], [["t"]], top=0) == []


# ------------------------------------------------------- the work budget


def grid(width: int, height: int, up: float) -> tuple[nx.DiGraph, dict]:
    """A mesh where every path crosses every column: no decomposition helps."""
    graph = nx.DiGraph()
    for i in range(width):
        for j in range(height):
            if i + 1 < width:
                graph.add_edge((i, j), (i + 1, j))
            if j + 1 < height:
                graph.add_edge((i, j), (i, j + 1))
    graph.add_edges_from(("s", (0, j)) for j in range(height))
    graph.add_edges_from(((width - 1, j), "t") for j in range(height))
    return graph, {node: up for node in graph if node not in ("s", "t")}


def test_an_exhausted_budget_states_a_bound_that_holds(monkeypatch):
    graph, availability = grid(6, 5, 0.8)
    exact = solve_serving(graph, availability, ["s"], [["t"]])
    assert exact.error <= ERROR_BUDGET / 2
    monkeypatch.setattr(availability_module, "WORK_BUDGET", 200)
    monkeypatch.setattr(availability_module, "WORK_PER_NODE", 0)
    bounded = solve_serving(graph, availability, ["s"], [["t"]])
    assert bounded.error > ERROR_BUDGET and not bounded.exact
    assert abs(bounded.probability - exact.probability) <= bounded.error + 1e-12


def test_a_large_mesh_stays_within_the_budget():
    # 200 uncertain components that no decomposition separates: the search stops at
    # its work budget (not at a clock) and says how far off the figure may be.
    graph, availability = grid(10, 20, 0.99)
    solution = solve_serving(graph, availability, ["s"], [["t"]])
    assert 0.0 < solution.error < 1e-3 and 0.99 < solution.probability <= 1.0
    assert solution == solve_serving(graph, availability, ["s"], [["t"]])  # the same on every run
