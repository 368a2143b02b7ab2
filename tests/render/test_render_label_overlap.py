"""Edge labels never overlap a node (icon and name), checked from the positions `dot -Tjson` returns."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from linter.engine import Engine, Options
from linter.loading import load_blueprint
from linter.render.builder import build_dot
from linter.render.highlight import Highlights
from linter.render.output import run_dot
from linter.render.views import scene_for
from linter.rules import builtin_rules, load_builtin_rules

BLUEPRINTS = sorted((Path(__file__).parents[2] / "blueprints").glob("*.yaml"))
POINTS = 72  # Graphviz positions are in points, node sizes in inches
Box = tuple[float, float, float, float]

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")


def node_boxes(layout: dict) -> dict[str, Box]:
    boxes = {}
    for obj in layout.get("objects", []):
        if "pos" in obj and "width" in obj:
            x, y = map(float, obj["pos"].split(","))
            half_w, half_h = float(obj["width"]) * POINTS / 2, float(obj["height"]) * POINTS / 2
            boxes[obj["name"]] = (x - half_w, y - half_h, x + half_w, y + half_h)
    return boxes


def label_boxes(edge: dict) -> list[Box]:
    """One box per drawn text line of the edge's label (or external label), from the draw operations."""
    boxes, size = [], 11.0
    for op in edge.get("_ldraw_", []) + edge.get("_xldraw_", []):
        if op["op"] == "F":
            size = op["size"]
        elif op["op"] == "T":
            (x, y), width = op["pt"], op["width"]
            left = {"l": x, "r": x - width}.get(op["align"], x - width / 2)
            boxes.append((left, y - size * 0.25, left + width, y + size * 0.8))  # baseline: descent below, ascent above
    return boxes


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_overlap_check_can_fail():
    assert overlaps((0, 0, 10, 10), (5, 5, 20, 20)) and not overlaps((0, 0, 10, 10), (11, 0, 20, 10))


def test_labels_are_measured():
    """The web shop's flows carry labels: the check reads their boxes from the layout."""
    load_builtin_rules()
    blueprint = load_blueprint(str(Path(__file__).parents[1] / "fixtures" / "spec_example.yaml"), builtin_rules())
    layout = json.loads(run_dot(build_dot(scene_for(blueprint, "network"), Highlights()), "json"))
    assert sum(len(label_boxes(edge)) for edge in layout["edges"]) >= 2


@pytest.mark.parametrize("view", ["network", "flows", "security"])
@pytest.mark.parametrize("path", BLUEPRINTS, ids=lambda p: p.stem)
def test_no_edge_label_overlaps_a_node(path: Path, view: str):
    load_builtin_rules()
    blueprint = load_blueprint(str(path), builtin_rules())
    findings = Engine(Options()).findings_of(blueprint)  # highlights add rule ids to labels: the longest labels
    layout = json.loads(run_dot(build_dot(scene_for(blueprint, view, findings), Highlights(findings)), "json"))
    nodes = node_boxes(layout)
    names = {obj["_gvid"]: obj["name"] for obj in layout.get("objects", [])}
    assert nodes
    hits = [(names[edge["tail"]], names[edge["head"]], name) for edge in layout.get("edges", [])
            for box in label_boxes(edge) for name, node in nodes.items() if overlaps(box, node)]
    assert hits == []
