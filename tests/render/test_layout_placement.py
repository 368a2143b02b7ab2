"""Placement a reader can trust: every subnet drawn, a component in every AZ it may run in."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("diagrams", reason="the `render` extra (diagrams) is not installed")

from linter.loading import load_blueprint  # noqa: E402
from linter.render.layout import Scene, build_scene  # noqa: E402
from linter.rules import builtin_rules  # noqa: E402

THREE_AZ = """\
blueprint: three-az
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b, us-east-1c]}
networks:
  main:
    region: us-east-1
    cidr: 10.0.0.0/16
    subnets:
      app-a: {az: us-east-1a, cidr: 10.0.1.0/24}
      app-b: {az: us-east-1b, cidr: 10.0.2.0/24}
      app-c: {az: us-east-1c, cidr: 10.0.3.0/24}
      spare-c: {az: us-east-1c, cidr: 10.0.9.0/24}
components:
  web:
    type: aws.asg
    subnets: [app-a, app-b, app-c]
    autoscaling: {min: 2, max: 6}
  batch:
    type: aws.ec2
    subnets: [app-a, app-b, app-c]
    count: 4
"""


@pytest.fixture
def scene(tmp_path: Path) -> Scene:
    path = tmp_path / "three-az.yaml"
    path.write_text(THREE_AZ)
    return build_scene(load_blueprint(str(path), builtin_rules()))


def subnet_groups(scene: Scene) -> dict[str, list[str]]:
    found, stack = {}, [scene.root]
    while stack:
        group = stack.pop()
        if group.kind == "subnet":
            found[group.element] = [item.key for item in group.items]
        stack.extend(group.groups)
    return found


def drawn(scene: Scene, component: str) -> list:
    """The component's drawn instances, in AZ order."""
    items = [item for item in scene.root.walk_items() if item.kind == "component" and item.element == component]
    return sorted(items, key=lambda item: item.az or "")


def test_fewer_instances_than_subnets_drawn_in_every_subnet_with_may_run_marks(scene):
    items = drawn(scene, "web")
    assert [item.az for item in items] == ["us-east-1a", "us-east-1b", "us-east-1c"]
    assert {item.note for item in items} == {"×0–1 of 2"}


def test_more_instances_than_subnets_are_shared_out(scene):
    assert [item.note for item in drawn(scene, "batch")] == ["×2 of 4", "×1 of 4", "×1 of 4"]


def test_no_subnet_disappears(scene):
    groups = subnet_groups(scene)
    assert sorted(groups) == ["app-a", "app-b", "app-c", "spare-c"]
    assert groups["spare-c"] == ["empty/subnet/spare-c"]  # drawn, and said to be empty
