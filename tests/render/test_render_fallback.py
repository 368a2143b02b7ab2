"""Past the layout budget a blueprint is drawn as its overview, with a note saying how to get all of it."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from linter.cli import main
from linter.loading import load_blueprint
from linter.render import budget
from linter.render.layout import build_scene
from linter.render.views import scene_for

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "blueprints" / "multi-tier-web-app.yaml"


@pytest.fixture
def example():
    return load_blueprint(str(EXAMPLE), [])


def test_placement_within_budget_is_drawn_as_is(example):
    scene, note = budget.fit(example)
    assert note == "" and scene.title == build_scene(example).title
    assert len(scene.links) == len(build_scene(example).links)


def test_placement_past_budget_is_drawn_as_the_overview(example, monkeypatch):
    overview = scene_for(example, "overview")
    monkeypatch.setattr(budget, "MAX_EDGES", len(overview.links))  # the overview fits, the placement does not
    assert len(build_scene(example).links) > budget.MAX_EDGES
    scene, note = budget.fit(example)
    assert scene.title.startswith(overview.title) and note in scene.title
    assert "archlint graph FILE --format dot" in note
    assert len(scene.links) == len(overview.links) and scene.node_count == overview.node_count
    assert scene.max_width is None  # as large as the drawing allows, not a README column


def test_overview_past_budget_is_drawn_without_flows(example, monkeypatch):
    monkeypatch.setattr(budget, "MAX_EDGES", 1)
    scene, note = budget.fit(example)
    assert scene.links == [] and "flows not drawn" in note and note in scene.title and scene.max_width is None
    assert scene.node_count == scene_for(example, "overview").node_count


def test_placement_past_node_budget_falls_back_too(example, monkeypatch):
    overview = scene_for(example, "overview")
    monkeypatch.setattr(budget, "MAX_NODES", overview.node_count)
    assert build_scene(example).node_count > budget.MAX_NODES
    scene, note = budget.fit(example)
    assert "nodes" in note and scene.node_count == overview.node_count


def bench_blueprint(components: int) -> str:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(components)


def test_thousand_component_design_renders_as_overview_with_its_flows(tmp_path, capsys):
    blueprint = tmp_path / "big.yaml"
    blueprint.write_text(bench_blueprint(1000))
    assert main(["render", "--no-config", str(blueprint), "-o", str(tmp_path / "out"), "--format", "dot"]) == 0
    err = capsys.readouterr().err
    assert "big.yaml: overview: the full placement has" in err and "archlint graph FILE --format dot" in err
    dot_text = (tmp_path / "out" / "big.dot").read_text()
    assert "· overview" in dot_text and "the full placement has" in dot_text
    assert 0 < dot_text.count(" -> ") <= budget.MAX_EDGES
