"""`archlint render --view`: the overview fits a README column; each view has its own file."""
from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pytest

pytest.importorskip("diagrams", reason="the `render` extra (diagrams) is not installed")

from linter.cli import main  # noqa: E402
from linter.loading import load_blueprint  # noqa: E402
from linter.render.builder import build_dot  # noqa: E402
from linter.render.highlight import Highlights  # noqa: E402
from linter.render.output import run_dot  # noqa: E402
from linter.render.views import scene_for  # noqa: E402
from linter.rules import builtin_rules  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BLUEPRINTS = ROOT / "blueprints"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
README_COLUMN = 1600  # px


def png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


@needs_dot
def test_overview_fits_a_readme_column_for_every_blueprint(tmp_path):
    assert main(["render", str(BLUEPRINTS), "--view", "overview", "-o", str(tmp_path)]) == 0
    drawn = sorted(tmp_path.glob("*.overview.png"))
    assert len(drawn) == len(list(BLUEPRINTS.glob("*.yaml")))
    too_wide = {path.name: png_size(path)[0] for path in drawn if png_size(path)[0] > README_COLUMN}
    assert not too_wide


@needs_dot
@pytest.mark.parametrize("view", ["flows", "security"])
def test_each_view_writes_its_own_file(tmp_path, view):
    source = BLUEPRINTS / "core-banking-ha.yaml"
    assert main(["render", str(source), "--view", view, "-o", str(tmp_path), "--format", "png,svg"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        f"core-banking-ha.{view}.png", f"core-banking-ha.{view}.svg"]


def test_unknown_view_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["render", str(BLUEPRINTS), "--view", "everything"])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_security_view_shows_roles_grants_and_entry_points():
    scene = scene_for(load_blueprint(str(BLUEPRINTS / "core-banking-ha.yaml"), builtin_rules()), "security")
    items = {(item.kind, item.element) for item in scene.root.walk_items()}
    assert ("role", "r1-app-task-role") in items and ("component", "r1-secrets") in items
    assert ("component", "users") in items and ("component", "r1-waf") in items  # entry point, WAF
    assert any(link.kind == "grant" and link.head == "c/r1-kms" for link in scene.links)


def test_overview_draws_each_component_once_grouped_by_tier():
    scene = scene_for(load_blueprint(str(BLUEPRINTS / "core-banking-ha.yaml"), builtin_rules()), "overview")
    components = [item.element for item in scene.root.walk_items() if item.kind == "component"]
    assert components and len(components) == len(set(components))
    tiers = [group.kind for group in _groups(scene.root)]
    assert "tier" in tiers and "az" not in tiers and "subnet" not in tiers


@needs_dot
def test_overview_puts_the_primary_region_first():
    scene = scene_for(load_blueprint(str(BLUEPRINTS / "core-banking-ha.yaml"), builtin_rules()), "overview")
    layout = json.loads(run_dot(build_dot(scene, Highlights()), "json"))
    left = {obj["name"]: float(obj["bb"].split(",")[0]) for obj in layout["objects"] if "bb" in obj}
    assert left["cluster_region/us-east-1"] < left["cluster_region/us-west-2"]  # primary, then dr


def _groups(group):
    for child in group.groups:
        yield child
        yield from _groups(child)
