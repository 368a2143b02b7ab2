"""Regions and AZs in their declared order, and hubs beside their VPCs, checked from the positions
Graphviz returns (`-Tjson` cluster bounding boxes), with both engines, on every shipped and real design."""
from __future__ import annotations

import functools
from itertools import pairwise
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest

from linter.loading import load_blueprint
from linter.model import Blueprint
from linter.render.builder import build_dot
from linter.render.highlight import Highlights
from linter.render.layout import node_key
from linter.render.ordering import order_scene
from linter.render.output import pure_available, run_engine
from linter.render.views import scene_for
from linter.rules import builtin_rules, load_builtin_rules

ROOT = Path(__file__).parents[2]
DESIGNS = sorted((ROOT / "blueprints").glob("*.yaml")) + sorted((ROOT / "tests" / "real_designs").glob("*.yaml"))
ROLE_ORDER = {"primary": 0, "secondary": 1, "dr": 2}
Box = tuple[float, float, float, float]  # left, bottom, right, top in points

ENGINES = [
    pytest.param("dot", marks=pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")),
    pytest.param("pure", marks=pytest.mark.skipif(not pure_available(), reason="needs the pure extra")),
]


def load(path: Path) -> Blueprint:
    load_builtin_rules()
    return load_blueprint(str(path), builtin_rules())


@functools.lru_cache(maxsize=None)
def layout(path: Path, engine: str, view: str = "network") -> dict:
    source = build_dot(scene_for(load(path), view), Highlights())
    return json.loads(run_engine(source, "json", engine))


def cluster_boxes(graph: dict) -> dict[str, Box]:
    return {obj["name"]: tuple(map(float, obj["bb"].split(","))) for obj in graph.get("objects", []) if "bb" in obj}


def node_centres(graph: dict) -> dict[str, float]:
    return {obj["name"]: float(obj["pos"].split(",")[0]) for obj in graph.get("objects", []) if "pos" in obj}


def out_of_order(names: list[str], boxes: dict[str, Box]) -> list[tuple[str, str]]:
    """Consecutive clusters whose boxes are not strictly left to right."""
    return [(a, b) for a, b in pairwise(names) if not boxes[a][2] < boxes[b][0]]


def expected_orders(blueprint: Blueprint) -> dict[str, list[str]]:
    """What must read left to right, worked out from the blueprint itself."""
    regions = sorted(blueprint.regions, key=lambda r: (ROLE_ORDER.get(blueprint.regions[r].role, 9), r))
    orders = {"regions": [f"cluster_{node_key('region', r)}" for r in regions]}
    for network in blueprint.networks.values():
        azs = sorted({blueprint.subnets[s].az for s in blueprint.subnets if blueprint.subnets[s].network == network.id})
        orders[f"AZs of VPC {network.id}"] = [f"cluster_{node_key('az', network.id, az)}" for az in azs]
    return orders


def test_out_of_order_can_fail():
    boxes = {"a": (0, 0, 10, 10), "b": (5, 0, 20, 10), "c": (30, 0, 40, 10)}
    assert out_of_order(["a", "b", "c"], boxes) == [("a", "b")]
    assert out_of_order(["a", "c"], boxes) == [] and out_of_order(["c", "a"], boxes) == [("c", "a")]


def test_designs_have_orders_to_check():
    """Multi-region and multi-AZ designs are among them, so the checks below check something."""
    orders = [expected_orders(load(path)) for path in DESIGNS]
    assert sum(len(o["regions"]) > 1 for o in orders) >= 3
    assert sum(len(names) > 2 for o in orders for names in o.values()) >= 3


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.stem)
def test_regions_and_azs_drawn_left_to_right_in_order(path: Path, engine: str):
    boxes = cluster_boxes(layout(path, engine))
    broken = {what: out_of_order(names, boxes) for what, names in expected_orders(load(path)).items()}
    assert {what: pairs for what, pairs in broken.items() if pairs} == {}


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.stem)
def test_rank_constraints_have_no_cycle(path: Path):
    """`dot` reverses an edge of a cycle; with none, no gate edge can be reversed and the order holds."""
    scene = scene_for(load(path), "network")
    ordering = order_scene(scene)
    graph = nx.DiGraph(ordering.edges)
    graph.add_edges_from((link.tail, ordering.head(index, link)) for index, link in enumerate(scene.links)
                         if index not in ordering.loose and link.tail != link.head)
    assert nx.is_directed_acyclic_graph(graph)


def test_a_flow_back_to_an_earlier_az_does_not_rank():
    """The AZ-b app servers write to the primary database in AZ a: drawn, but without constraining ranks."""
    scene = scene_for(load(ROOT / "blueprints" / "multi-tier-web-app.yaml"), "network")
    loose = [scene.links[index] for index in order_scene(scene).loose]
    assert any(link.tail.endswith("-b") and link.head.endswith("-a") for link in loose)
    assert 'constraint=false' in build_dot(scene, Highlights())


def test_overview_has_no_gates():
    """Top to bottom, ranks run downwards: gates would stack the regions, so the overview has none."""
    assert "gate/" not in build_dot(scene_for(load(ROOT / "blueprints" / "core-banking-ha.yaml"), "overview"), Highlights())


@pytest.mark.parametrize("engine", ENGINES)
def test_transit_gateways_face_each_other_beside_their_vpcs(engine: str):
    """The us-east-1 gateway right of every VPC it attaches, the eu-west-1 one left of its VPC, and no VPC
    between the two: attachments fan out from the side, the TGW peering spans only the regions' border."""
    graph = layout(ROOT / "blueprints" / "transit-gateway-hub-spoke.yaml", engine)
    boxes, x = cluster_boxes(graph), node_centres(graph)
    east, west = x["tgw/tgw-use1"], x["tgw/tgw-euw1"]
    vpcs = {name: box for name, box in boxes.items() if name.startswith("cluster_vpc/")}
    us = [box for name, box in vpcs.items() if name != "cluster_vpc/prod-eu"]
    assert all(box[2] < east for box in us)
    assert west < vpcs["cluster_vpc/prod-eu"][0]
    assert east < west and not [name for name, box in vpcs.items() if east < box[0] and box[2] < west]


@pytest.mark.parametrize("engine", ENGINES)
def test_peerings_sit_between_or_beside_their_vpcs(engine: str):
    """A cross-region peering between its two VPCs; a peering within a region left of both of its VPCs."""
    graph = layout(ROOT / "blueprints" / "vpc-peering.yaml", engine)
    boxes, x = cluster_boxes(graph), node_centres(graph)
    prod, mgmt, shared = (boxes[f"cluster_vpc/{vpc}"] for vpc in ("prod-vpc", "mgmt-vpc", "shared-vpc"))
    assert prod[2] < x["peering/prod-vpc/mgmt-vpc"] < mgmt[0]
    assert prod[2] < x["peering/prod-vpc/shared-vpc"] < shared[0]
    assert x["peering/mgmt-vpc/shared-vpc"] < min(mgmt[0], shared[0])


def chain_of_services(tmp_path: Path, services: int) -> Path:
    """Services in two AZs alternating with regional queues along one long request chain: with the
    AZs gated, every queue-to-service flow would span a whole AZ's ranks."""
    lines = ["blueprint: chain", "regions:", "  us-east-1: {azs: [us-east-1a, us-east-1b]}", "networks:", "  main:",
             "    cidr: 10.0.0.0/16", "    subnets:", "      a: {az: us-east-1a, cidr: 10.0.1.0/24}",
             "      b: {az: us-east-1b, cidr: 10.0.2.0/24}", "components:", "  users: {type: external.users}"]
    names = [f"svc{i}" if i % 2 == 0 else f"queue{i}" for i in range(services * 2)]
    lines += [f"  {n}: {{type: aws.ecs, subnets: [a, b], count: 2}}" if n.startswith("svc") else f"  {n}: {{type: aws.sqs}}"
              for n in names]
    lines += ["flows:", f"  - users -> {names[0]}", *(f"  - {a} -> {b}" for a, b in pairwise(names))]
    path = tmp_path / "chain.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_an_order_that_would_stretch_the_layout_is_left_to_graphviz_and_said(tmp_path):
    long_chain = order_scene(scene_for(load(chain_of_services(tmp_path, 100)), "network"))
    assert not long_chain.gates and not long_chain.edges and long_chain.note
    short_chain = order_scene(scene_for(load(chain_of_services(tmp_path, 4)), "network"))
    assert short_chain.gates and not short_chain.note
    drawn = build_dot(scene_for(load(chain_of_services(tmp_path, 100)), "network"), Highlights())
    assert long_chain.note in drawn.splitlines()[1]  # in the title
